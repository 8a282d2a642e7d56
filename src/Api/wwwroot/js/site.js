// Visitation: the only script. Every page works without it; it adds three small conveniences.
(function () {
    "use strict";

    // 1. Forms marked data-progress: while the server works (issuing a decision, sending files), say so
    //    in a live region and stop a second click from sending the form twice.
    document.addEventListener("submit", function (event) {
        var form = event.target;
        if (!(form instanceof HTMLFormElement) || !form.dataset.progress || event.defaultPrevented) return;
        if (form.dataset.sending === "true") { event.preventDefault(); return; }
        form.dataset.sending = "true";
        form.setAttribute("aria-busy", "true");
        var status = document.createElement("div");
        status.className = "progress";
        status.setAttribute("role", "status");
        var spinner = document.createElement("span");
        spinner.className = "spinner";
        spinner.setAttribute("aria-hidden", "true");
        status.appendChild(spinner);
        status.appendChild(document.createTextNode(form.dataset.progress));
        form.appendChild(status);
        // Disabled after this event, so the clicked button's name and value are still sent.
        window.setTimeout(function () {
            form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = true; });
        }, 0);
    });

    // 2. A file over the size limit is refused before it is sent, with the same message the server gives.
    document.addEventListener("change", function (event) {
        var input = event.target;
        if (!(input instanceof HTMLInputElement) || input.type !== "file" || !input.dataset.maxBytes) return;
        var max = Number(input.dataset.maxBytes);
        var tooLarge = Array.prototype.some.call(input.files || [], function (f) { return f.size > max; });
        input.setCustomValidity(tooLarge ? "Filen er for stor. Den må højst fylde " + Math.floor(max / 1048576) + " MB." : "");
        if (tooLarge) input.reportValidity();
    });

    // 3. While letters are being rendered (data-auto-refresh="seconds"), reload the page now and then.
    var pending = document.querySelector("[data-auto-refresh]");
    if (pending) {
        var seconds = Number(pending.getAttribute("data-auto-refresh")) || 3;
        var key = "visitation-refreshes:" + location.pathname;
        var count = Number(sessionStorage.getItem(key) || "0");
        if (count < 30) {
            window.setTimeout(function () {
                sessionStorage.setItem(key, String(count + 1));
                location.reload();
            }, seconds * 1000);
        }
    } else {
        try { sessionStorage.removeItem("visitation-refreshes:" + location.pathname); } catch (e) { /* private mode */ }
    }
})();
