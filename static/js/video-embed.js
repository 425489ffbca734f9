// Click-to-load video (core/blocks.py VideoBlock): the player's iframe is created
// only when the visitor presses play, so the video site gets no request before.
// Loaded once per video block; the flag keeps the listeners single.
(function () {
    "use strict";
    if (window.lnVideoEmbed) {
        return;
    }
    window.lnVideoEmbed = true;

    function play(frame) {
        var iframe = document.createElement("iframe");
        iframe.src = frame.getAttribute("data-video-src");
        iframe.title = frame.getAttribute("data-video-title");
        iframe.setAttribute("allow", "fullscreen; picture-in-picture; encrypted-media");
        iframe.setAttribute("allowfullscreen", "");
        iframe.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
        frame.replaceChildren(iframe);
        iframe.focus();
    }

    function init() {
        document.querySelectorAll("[data-video-embed]").forEach(function (frame) {
            var button = frame.querySelector("[data-video-play]");
            if (!button) {
                return;
            }
            button.hidden = false;
            button.addEventListener("click", function () {
                play(frame);
            });
        });
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", init);
    } else {
        init();
    }
})();
