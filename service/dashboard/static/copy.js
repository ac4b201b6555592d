// "Copy link" beside a one-time link: shown only where the browser can copy.
(function () {
  "use strict";
  var buttons = document.querySelectorAll("button.copy");
  for (var i = 0; i < buttons.length; i++) {
    (function (button) {
      if (!navigator.clipboard) { return; }
      button.hidden = false;
      button.addEventListener("click", function () {
        var text = document.getElementById(button.getAttribute("data-copy")).textContent;
        var said = button.parentNode.querySelector(".copied");
        navigator.clipboard.writeText(text).then(function () {
          said.textContent = button.getAttribute("data-copied");
        }, function () {
          said.textContent = button.getAttribute("data-failed");
        });
      });
    }(buttons[i]));
  }
}());
