"""Locust users for benchmarks/intake_load.py: each takes one prepared applicant (a session
cookie and a complete draft), opens «check your answers», and posts «send» once.

LOCUST_APPLICANTS names a JSON file: [{"application": uuid, "cookie": sessionid}, …].
"""

from __future__ import annotations

import json
import os
import re
import time

from locust import HttpUser, events, task
from locust.exception import StopUser

APPLICANTS = json.loads(open(os.environ["LOCUST_APPLICANTS"]).read())
QUEUE = list(APPLICANTS)
STARTED = time.perf_counter()
DONE = {"count": 0}
TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION = re.compile(rb'name="version" value="(\d+)"')


class Applicant(HttpUser):
    # No think time: the point is many submissions at once.
    wait_time = staticmethod(lambda: 0)

    @task
    def submit(self) -> None:
        if not QUEUE:
            raise StopUser
        person = QUEUE.pop()
        self.client.cookies.clear()
        self.client.cookies.set("sessionid", person["cookie"])
        base = f"/min-side/soknader/{person['application']}/"
        with self.client.get(f"{base}sjekk/", name="check", catch_response=True) as page:
            token, version = TOKEN.search(page.content or b""), VERSION.search(page.content or b"")
            if not (token and version):
                page.failure(f"no form on the check page (status {page.status_code})")
                raise StopUser
            page.success()
        with self.client.post(
            f"{base}send/",
            data={"csrfmiddlewaretoken": token.group(1).decode(), "version": version.group(1).decode()},
            headers={"Referer": self.host + f"{base}sjekk/"},
            name="submit",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code == 302 and "kvittering" in response.headers.get("Location", ""):
                response.success()
            else:
                response.failure(f"status {response.status_code}")
        DONE["count"] += 1
        if DONE["count"] == len(APPLICANTS):
            elapsed = time.perf_counter() - STARTED
            print(f"all applicants done after {elapsed:.1f} s", flush=True)
            self.environment.runner.quit()


@events.quitting.add_listener
def _report(environment, **kwargs) -> None:
    print(f"submitted {DONE['count']} of {len(APPLICANTS)}", flush=True)
