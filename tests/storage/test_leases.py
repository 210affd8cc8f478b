"""The database lease on both databases, with real threads and real processes."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta

from sqlalchemy import update

from agents_metiers.services.jobs.bail import Bail
from agents_metiers.services.runtime import Runtime
from agents_metiers.storage.leases import lease_holder, release_lease, take_lease
from agents_metiers.storage.tables import LeaseRow


def _race(db: Runtime, contenders: int, ttl: float) -> list[Bail]:
    """``contenders`` threads take the same lease at the same instant; returns the winners."""
    bails = [Bail(db, holder=f"contender-{n}") for n in range(contenders)]
    barrier = threading.Barrier(contenders)
    winners: list[Bail] = []
    errors: list[BaseException] = []

    def contend(bail: Bail) -> None:
        barrier.wait()
        try:
            with db.sessions() as session:
                if take_lease(
                    session=session,
                    name="course",
                    holder=bail.holder,
                    ttl_seconds=ttl,
                    now=datetime.now(UTC),
                ):
                    winners.append(bail)
                session.commit()
        except BaseException as exc:  # re-raised in the main thread below
            errors.append(exc)

    threads = [threading.Thread(target=contend, args=(bail,)) for bail in bails]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    return winners


def test_simultaneous_contenders_get_exactly_one_holder(db: Runtime) -> None:
    for _ in range(5):  # the free row (INSERT race), then the expired row (UPDATE race)
        winners = _race(db, contenders=6, ttl=60)
        assert len(winners) == 1
        with db.sessions.begin() as session:
            assert lease_holder(session=session, name="course", now=datetime.now(UTC)) == (
                winners[0].holder
            )
            session.execute(update(LeaseRow).values(expires_at=datetime.now(UTC) - timedelta(1)))


def test_held_lease_refuses_others_then_expiry_lets_another_take_over(db: Runtime) -> None:
    now = datetime.now(UTC)
    with db.sessions() as session:
        assert take_lease(session=session, name="l", holder="a", ttl_seconds=0.3, now=now)
        assert not take_lease(session=session, name="l", holder="b", ttl_seconds=30, now=now)
        assert take_lease(session=session, name="l", holder="a", ttl_seconds=0.3, now=now)
        session.commit()
    time.sleep(0.4)
    with db.sessions() as session:
        assert take_lease(
            session=session, name="l", holder="b", ttl_seconds=30, now=datetime.now(UTC)
        )
        assert not release_lease(session=session, name="l", holder="a")  # no longer a's
        assert lease_holder(session=session, name="l", now=datetime.now(UTC)) == "b"
        assert release_lease(session=session, name="l", holder="b")
        assert lease_holder(session=session, name="l", now=datetime.now(UTC)) is None
        session.commit()


_CONTENDER = """
import sys, time
from datetime import UTC, datetime
from agents_metiers.storage.db import make_engine, make_sessionmaker
from agents_metiers.storage.leases import take_lease
sessions = make_sessionmaker(make_engine(sys.argv[1]))
while time.time() < float(sys.argv[3]):
    time.sleep(0.001)
with sessions() as session:
    won = take_lease(session=session, name="proc", holder=sys.argv[2], ttl_seconds=60,
                     now=datetime.now(UTC))
    session.commit()
print("won" if won else "lost")
"""


def test_separate_processes_get_exactly_one_holder(db: Runtime) -> None:
    url = db.engine.url.render_as_string(hide_password=False)
    start = f"{time.time() + 3:.3f}"  # after every interpreter has started
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", _CONTENDER, url, f"p{n}", start],
            stdout=subprocess.PIPE,
            text=True,
        )
        for n in range(3)
    ]
    results = [process.communicate(timeout=60)[0].strip() for process in processes]
    assert sorted(results) == ["lost", "lost", "won"]
