// Marks the page as scripted so CSS can swap no-JavaScript fallbacks for inline controls.
document.documentElement.classList.add("js");

// Where focus goes when a page loads: to an error summary first, then to the element the
// page marks with data-focus (the question of a check-in), then to the target of the URL's
// fragment (the comment just sent). A screen reader then starts there, and the keyboard
// carries on from there, not from the top. A confirmation message is moved into the
// fragment's target, next to what it confirms. Loaded from a file, so the CSP allows it.
document.addEventListener("DOMContentLoaded", function () {
  var target = document.querySelector(".error-summary[tabindex]") ||
    document.querySelector("[data-focus]");
  var fromFragment = false;
  if (!target && window.location.hash.length > 1) {
    try {
      target = document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
      fromFragment = Boolean(target);
    } catch (error) {
      target = null;  // a malformed fragment: leave focus where it is
    }
  }
  if (!target) return;
  var messages = document.querySelector(".messages");
  if (fromFragment && messages) {
    if (/^(H[1-6]|P|A|BUTTON|INPUT|SELECT|TEXTAREA)$/.test(target.tagName)) {
      target.parentNode.insertBefore(messages, target);
    } else {
      target.insertBefore(messages, target.firstChild);
    }
  }
  if (!target.hasAttribute("tabindex") && !/^(A|BUTTON|INPUT|SELECT|TEXTAREA)$/.test(target.tagName)) {
    target.setAttribute("tabindex", "-1");
  }
  target.focus();
});
