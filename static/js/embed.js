/* An embedded widget (api/embeds.py) tells the page around it how tall it is, so that the
   host page can size its iframe to the content: a message {type, widget, height} on every
   change of height. The host listens only if it wants to (the staff page's optional snippet
   checks the message's origin); the height says nothing private, hence the "*" target. */
(function () {
  "use strict";
  if (window.parent === window) {
    return;
  }
  var widget = document.body.getAttribute("data-widget") || "";
  var last = -1;

  function height() {
    var body = document.body;
    var style = window.getComputedStyle(body);
    return Math.ceil(
      body.getBoundingClientRect().height +
        parseFloat(style.marginTop || "0") +
        parseFloat(style.marginBottom || "0")
    );
  }

  function send() {
    var current = height();
    if (current === last) {
      return;
    }
    last = current;
    window.parent.postMessage(
      { type: "portal-embed:resize", widget: widget, height: current },
      "*"
    );
  }

  if ("ResizeObserver" in window) {
    new ResizeObserver(send).observe(document.body);
  }
  window.addEventListener("load", send);
  window.addEventListener("resize", send);
  send();
})();
