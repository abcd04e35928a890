/* "Leave this page": go to an ordinary website and replace this page in the history, so that Back
   does not bring it up again (the survey pages before it go to the ordinary website too, for a while
   after leaving: see respond/leaving.py). Works as a plain link without JavaScript. */
(function () {
  var link = document.querySelector("[data-leave-page]");
  if (!link) return;
  link.addEventListener("click", function (event) {
    event.preventDefault();
    document.body.style.display = "none";
    window.location.replace(link.href);
  });
})();
