"""What a password adds to a sign-in: scrypt at the kept cost, a few times; budget 0.3 s."""
from __future__ import annotations

import time

from callcenter.rules import passwords

BUDGET = 0.3


def main() -> None:
    salt = passwords.new_salt()
    times = []
    for _ in range(5):
        started = time.perf_counter()
        passwords.digest("correct horse battery", salt)
        times.append(time.perf_counter() - started)
    worst = max(times)
    print(f"scrypt n={passwords.COST['n']} r={passwords.COST['r']}: best {min(times):.3f} s, "
          f"worst {worst:.3f} s, budget {BUDGET} s, ratio {worst / BUDGET:.2f}")


if __name__ == "__main__":
    main()
