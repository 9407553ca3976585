"""The demo's clock: each step of the demo's history runs, through the real services, at the moment it happened
(a weekday, in office hours, the given number of days ago), so events, «fordelingsklar fra» and waiting times
mean what they would in a year of real use. The app's demo modules receive `paa` and never import this."""

import random
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, time, timedelta

import time_machine
from django.utils import timezone


class Klokke:
    def __init__(self, seed: int):
        self.rnd = random.Random(seed)
        self.naa = timezone.localtime()

    def tidspunkt(self, dager_siden: int) -> datetime:
        """A weekday office-hours moment `dager_siden` days ago (a weekend moves back to Friday), never later
        than now."""
        dag = self.naa.date() - timedelta(days=dager_siden)
        dag -= timedelta(days=max(0, dag.weekday() - 4))
        klokka = time(self.rnd.randint(8, 14), self.rnd.randint(0, 59))
        naar = timezone.make_aware(datetime.combine(dag, klokka))
        return min(naar, self.naa - timedelta(minutes=self.rnd.randint(20, 90)))

    @contextmanager
    def paa(self, dager_siden: int) -> Iterator[None]:
        """Run the block as if it were `dager_siden` days ago."""
        with time_machine.travel(self.tidspunkt(dager_siden), tick=True):
            yield
