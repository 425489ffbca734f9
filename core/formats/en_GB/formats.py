# GOV.UK style writes dates in full, "2 December 2026"; Django's British
# format abbreviates the month ("2 Dec 2026"). Templates ask for DATE_FORMAT.
DATE_FORMAT = "j F Y"
