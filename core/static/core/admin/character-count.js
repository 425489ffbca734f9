// Live character count for plain text fields with a limit (see networks/widgets.py).
// Registered with the admin's own Stimulus application, so it also works for
// fields that appear after the page loads.
(() => {
    const { Controller } = window.StimulusModule;

    class CharacterCountController extends Controller {
        static targets = ["input", "message", "announcement"];
        static values = { max: Number };

        connect() {
            this.render();
        }

        // Count as the server does: browsers send line breaks as two characters,
        // and Python counts code points, as spreading a string does.
        length() {
            return [...this.inputTarget.value.replace(/\r?\n/g, "\r\n")].length;
        }

        message() {
            const remaining = this.maxValue - this.length();
            const plural = (n) => (Math.abs(n) === 1 ? "character" : "characters");
            if (remaining >= 0) {
                return `You have ${remaining} ${plural(remaining)} remaining (${this.length()} of ${this.maxValue}).`;
            }
            return `You have ${-remaining} ${plural(remaining)} too many (${this.length()} of ${this.maxValue}).`;
        }

        render() {
            const text = this.message();
            const over = this.length() > this.maxValue;
            this.messageTarget.textContent = text;
            this.messageTarget.classList.toggle("error-message", over);
            // Leave alone an aria-invalid the server set for another error.
            if (over) {
                this.inputTarget.setAttribute("aria-invalid", "true");
                this.markedInvalid = true;
            } else if (this.markedInvalid) {
                this.inputTarget.removeAttribute("aria-invalid");
                this.markedInvalid = false;
            }
            return text;
        }

        update() {
            const text = this.render();
            clearTimeout(this.timer);
            this.timer = setTimeout(() => {
                this.announcementTarget.textContent = text;
            }, 1000);
        }

        disconnect() {
            clearTimeout(this.timer);
        }
    }

    window.wagtail.app.register("character-count", CharacterCountController);
})();
