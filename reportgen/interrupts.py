"""Ctrl+C and `kill` held back over the steps that must not be cut in two.

Python turns Ctrl+C (SIGINT) into KeyboardInterrupt between any two bytecodes, and SIGTERM ends the
process at once.  Writing the draft is two steps that must both happen: the new draft renamed into
place, then its fingerprint recorded (a draft whose fingerprint is not recorded is taken for an editor's
by the next build, which refuses to replace it).  So does the start of the photo workers, which a
KeyboardInterrupt between two forks would leave half made.  A signal that comes meanwhile takes
effect as the block ends.  SIGKILL cannot be held back: nothing can.
"""

from __future__ import annotations

import contextlib
import signal
import threading

_HELD = (signal.SIGINT, signal.SIGTERM)


@contextlib.contextmanager
def uninterrupted():
    """Hold Ctrl+C and SIGTERM back until the block is done.  Python runs signal handlers in the main
    thread only, so handlers of our own that note the signal defer it whichever thread the system
    delivers it to (a blocked signal mask would not: another thread of the build would take it).
    Elsewhere than the main thread, where no handler can be set, the block runs as it is."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    came: list[int] = []
    previous = {number: signal.signal(number, lambda signum, _frame: came.append(signum)) for number in _HELD}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        for number in dict.fromkeys(came):
            signal.raise_signal(number)  # now, to the handler the build had (SIGTERM's default ends it)
