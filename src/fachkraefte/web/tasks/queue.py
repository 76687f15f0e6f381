"""The boundary to the task library, django-q2 (why: ``docs/tasks.md``).

Our ``Task`` record holds what the library lacks (progress, German message, error report);
the library carries the record's id through its broker to a worker process and runs
:func:`~fachkraefte.web.tasks.services.task_run` there. Only this module and ``schedules``
import django-q, so a change of library stays in two files.
"""

from __future__ import annotations

from multiprocessing import Event, Value

from django_q.brokers import get_broker
from django_q.monitor import monitor
from django_q.pusher import pusher
from django_q.queues import Queue
from django_q.scheduler import scheduler
from django_q.tasks import async_task
from django_q.worker import worker

RUN_TASK = "fachkraefte.web.tasks.services.task_run"


def queue_put(*, task_id: int, kind: str) -> str:
    """Hand the task record ``task_id`` to the broker; returns the library's id."""
    return async_task(RUN_TASK, task_id=task_id, group=kind)


def queue_size() -> int:
    """Jobs waiting in the broker (not the ones a worker has taken)."""
    return get_broker().queue_size()


def queue_schedule_due() -> None:
    """Enqueue the periodic jobs that are due (the cluster's scheduler does this each cycle)."""
    scheduler(broker=get_broker())


def queue_process_once() -> int:
    """Take one batch from the broker and run it in this process, as the cluster does in its
    pusher, worker and monitor processes; returns how many jobs ran."""
    task_queue: Queue = Queue()
    result_queue: Queue = Queue()
    stop_after_one_pull = Event()
    stop_after_one_pull.set()
    pusher(task_queue, stop_after_one_pull, broker=get_broker())
    pulled = task_queue.qsize()
    task_queue.put("STOP")
    worker(task_queue, result_queue, Value("f", -1))
    result_queue.put("STOP")
    monitor(result_queue, broker=get_broker())
    for used in (task_queue, result_queue):
        used.close()
        used.join_thread()
    return pulled


def queue_process(*, limit: int | None = None) -> int:
    """Run the broker's jobs in this process until none is waiting (or ``limit`` ran).

    For tests and ``fachkraefte worker --einmal`` (a cron job instead of a resident worker).
    """
    done = 0
    while limit is None or done < limit:
        ran = queue_process_once()
        if not ran:
            break
        done += ran
    return done
