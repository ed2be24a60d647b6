"""Official documents of a case: the kinds, which a case may have, the gapless number register, issued versions."""
