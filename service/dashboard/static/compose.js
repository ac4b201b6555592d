// Reply forms: a live character and SMS count, and saved replies that fill the text.
(function () {
  "use strict";
  // GSM 03.38 basic set and the extension table (each extension character costs two).
  var BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
  var EXTENDED = "^{}\\[~]|€\f";

  // What the service sends (service/content/gsm.py fold): characters outside GSM-7
  // take their closest GSM-7 form (á -> a, curly quotes -> straight), é ñ ¿ stay.
  var FOLDS = { "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-",
    "\u2026": "...", "\u00a0": " ", "\u00ba": "o", "\u00aa": "a", "\u00e7": "c", "\t": " " };
  function isGsm(c) { return BASIC.indexOf(c) >= 0 || EXTENDED.indexOf(c) >= 0; }
  function fold(text) {
    var out = "";
    for (var i = 0; i < text.length; i++) {
      var c = text.charAt(i);
      if (isGsm(c)) { out += c; continue; }
      if (Object.prototype.hasOwnProperty.call(FOLDS, c)) { out += FOLDS[c]; continue; }
      var base = c.normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
      var ok = base.length > 0;
      for (var j = 0; j < base.length; j++) { if (!isGsm(base.charAt(j))) { ok = false; } }
      out += ok ? base : c;
    }
    return out;
  }

  function cost(text) {
    text = fold(text);
    var septets = 0, gsm = true, units = 0;
    for (var i = 0; i < text.length; i++) {
      var c = text.charAt(i);
      if (BASIC.indexOf(c) >= 0) { septets += 1; }
      else if (EXTENDED.indexOf(c) >= 0) { septets += 2; }
      else { gsm = false; }
    }
    units = text.length; // UTF-16 code units, as UCS-2 counts them
    if (gsm) {
      return { encoding: "GSM-7", length: septets, segments: septets <= 160 ? 1 : Math.ceil(septets / 153) };
    }
    return { encoding: "UCS-2", length: units, segments: units <= 70 ? 1 : Math.ceil(units / 67) };
  }

  function wire(form) {
    var body = form.querySelector(".reply-body");
    var counter = form.querySelector(".counter small");
    var saved = form.querySelector(".saved-replies");
    var said = counter.parentNode;  // the words come from the page, in its language
    function update() {
      var c = cost(body.value);
      var words = (c.segments === 1 ? said.getAttribute("data-one") : said.getAttribute("data-many"))
        .replace("{chars}", c.length).replace("{texts}", c.segments);
      counter.textContent = words + (c.encoding === "UCS-2" ? " " + said.getAttribute("data-special") : "");
      said.className = c.segments > 1 ? "counter long" : "counter";
    }
    body.addEventListener("input", update);
    if (saved) {
      saved.addEventListener("change", function () {
        if (saved.value) { body.value = saved.value; update(); body.focus(); }
      });
    }
    form.addEventListener("submit", function () {
      var button = form.querySelector("button");
      if (button) { button.disabled = true; } // one click, one text (the key also makes sure)
    });
    update();
  }

  var forms = document.querySelectorAll("form.compose-reply");
  for (var i = 0; i < forms.length; i++) { wire(forms[i]); }
}());
