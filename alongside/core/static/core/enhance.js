// Marks the page as scripted so CSS can swap no-JavaScript fallbacks for inline controls.
document.documentElement.classList.add("js");
