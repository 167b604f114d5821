#!/usr/bin/env python3
"""Generates the blind labelled whiteboard scenes (Excalidraw JSON), their
transcripts and labels.toml.

Written from the finding definitions in the brief only; the labeller never
saw the diagram engine. Run from this folder:  python3 gen.py
The labels below are the labeller's judgement and live next to each scene.
"""
import hashlib
import json
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
ID_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_-"
COL, ROW = 250, 150
W, H = 170, 70

ALL = ["unlabelled", "disconnected", "no_replica", "loose_arrow",
       "spoken_not_drawn", "drawn_not_explained"]


class Scene:
    def __init__(self, name):
        self.name = name
        self.rng = random.Random(int(hashlib.sha256(name.encode()).hexdigest()[:12], 16))
        self.els = []
        self.by_id = {}
        self.t = 1764990000000 + self.rng.randint(0, 10**8)

    # -- plumbing -------------------------------------------------------
    def _id(self):
        return "".join(self.rng.choice(ID_ALPHABET) for _ in range(21))

    def _index(self):
        n = len(self.els)
        if n < 62:
            return "a" + DIGITS[n]
        return "b" + DIGITS[n // 62] + DIGITS[n % 62]

    def _base(self, typ, x, y, w, h, deleted=False, groups=None, frame=None):
        self.t += self.rng.randint(300, 9000)
        el = {
            "id": self._id(),
            "type": typ,
            "x": round(x, 2),
            "y": round(y, 2),
            "width": round(w, 2),
            "height": round(h, 2),
            "angle": 0,
            "strokeColor": "#1e1e1e",
            "backgroundColor": "transparent",
            "fillStyle": "solid",
            "strokeWidth": 2,
            "strokeStyle": "solid",
            "roughness": 1,
            "opacity": 100,
            "groupIds": list(groups or []),
            "frameId": frame,
            "index": self._index(),
            "roundness": None,
            "seed": self.rng.randint(1, 2**31 - 1),
            "version": self.rng.randint(2, 60),
            "versionNonce": self.rng.randint(1, 2**31 - 1),
            "isDeleted": deleted,
            "boundElements": None,
            "updated": self.t,
            "link": None,
            "locked": False,
        }
        self.els.append(el)
        self.by_id[el["id"]] = el
        return el

    def _bind(self, host, typ, eid):
        if host["boundElements"] is None:
            host["boundElements"] = []
        host["boundElements"].append({"type": typ, "id": eid})

    def _text(self, s, x, y, container=None, deleted=False, groups=None, frame=None,
              size=20, align="center"):
        lines = s.split("\n")
        w = max(len(l) for l in lines) * size * 0.55
        h = len(lines) * size * 1.25
        el = self._base("text", x - w / 2 if align == "center" else x, y - h / 2, w, h,
                        deleted=deleted, groups=groups, frame=frame)
        el.update({
            "text": s,
            "fontSize": size,
            "fontFamily": 5,
            "textAlign": align,
            "verticalAlign": "middle" if container else "top",
            "containerId": container,
            "originalText": s,
            "autoResize": True,
            "lineHeight": 1.25,
        })
        return el

    # -- public ---------------------------------------------------------
    def node(self, label, col, row, shape="rectangle", mode="bound", groups=None,
             frame=None, deleted=False, w=W, h=H, bg="transparent"):
        """mode: 'bound' (bound text), 'free' (free text inside the shape),
        'none' (no text), 'deleted_label' (bound text that was deleted)."""
        x, y = col * COL, row * ROW
        el = self._base(shape, x, y, w, h, deleted=deleted, groups=groups, frame=frame)
        el["roundness"] = {"type": 3} if shape == "rectangle" else ({"type": 2} if shape == "diamond" else {"type": 2})
        el["backgroundColor"] = bg
        if bg != "transparent":
            el["fillStyle"] = self.rng.choice(["solid", "hachure"])
        el["_label"] = label
        cx, cy = x + w / 2, y + h / 2
        if mode in ("bound", "deleted_label") and label:
            t = self._text(label, cx, cy, container=el["id"],
                           deleted=(deleted or mode == "deleted_label"),
                           groups=groups, frame=frame)
            self._bind(el, "text", t["id"])
        elif mode == "free" and label:
            self._text(label, cx, cy, groups=groups, frame=frame)
        return el["id"]

    def note(self, s, col, row, size=28, frame=None):
        """Free text not inside any shape (a title or an annotation)."""
        return self._text(s, col * COL, row * ROW, size=size, align="left", frame=frame)["id"]

    def frame(self, name, c0, r0, c1, r1):
        x, y = c0 * COL - 40, r0 * ROW - 60
        el = self._base("frame", x, y, (c1 - c0) * COL + W + 80, (r1 - r0) * ROW + H + 100)
        el["name"] = name
        return el["id"]

    def _edge(self, el, tx, ty):
        cx, cy = el["x"] + el["width"] / 2, el["y"] + el["height"] / 2
        dx, dy = tx - cx, ty - cy
        if dx == 0 and dy == 0:
            return cx, cy
        sx = (el["width"] / 2 + 6) / abs(dx) if dx else float("inf")
        sy = (el["height"] / 2 + 6) / abs(dy) if dy else float("inf")
        s = min(sx, sy)
        return cx + dx * s, cy + dy * s

    def _center(self, el):
        return el["x"] + el["width"] / 2, el["y"] + el["height"] / 2

    def arrow(self, a=None, b=None, label=None, start_xy=None, end_xy=None,
              bind_start=True, bind_end=True, deleted=False, both_heads=False,
              bend=None, frame=None, dashed=False):
        """Arrow from node a to node b. start_xy / end_xy (grid units) give a
        free end; bind_* False draws the end at the shape but leaves it unbound."""
        A = self.by_id.get(a) if a else None
        B = self.by_id.get(b) if b else None
        ta = self._center(B) if B else (end_xy[0] * COL, end_xy[1] * ROW)
        p0 = self._edge(A, *ta) if A else (start_xy[0] * COL, start_xy[1] * ROW)
        p1 = self._edge(B, *p0) if B else (end_xy[0] * COL, end_xy[1] * ROW)
        if A and B:
            p0 = self._edge(A, *self._center(B))
            p1 = self._edge(B, *self._center(A))
        if A and not bind_start:
            p0 = (p0[0] + 14, p0[1] + 10)
        if B and not bind_end:
            p1 = (p1[0] - 22, p1[1] - 12)
        pts = [[0, 0]]
        if bend:
            pts.append([round(bend[0] * COL - p0[0], 2), round(bend[1] * ROW - p0[1], 2)])
        pts.append([round(p1[0] - p0[0], 2), round(p1[1] - p0[1], 2)])
        xs = [p[0] for p in pts]
        ys = [p[1] for p in pts]
        el = self._base("arrow", p0[0], p0[1], max(xs) - min(xs), max(ys) - min(ys),
                        deleted=deleted, frame=frame)
        el["roundness"] = {"type": 2}
        el["strokeStyle"] = "dashed" if dashed else "solid"
        el.update({
            "points": pts,
            "lastCommittedPoint": None,
            "startBinding": {"elementId": a, "focus": 0, "gap": 1} if (A and bind_start) else None,
            "endBinding": {"elementId": b, "focus": 0, "gap": 1} if (B and bind_end) else None,
            "startArrowhead": "arrow" if both_heads else None,
            "endArrowhead": "arrow",
            "elbowed": False,
        })
        if A and bind_start:
            self._bind(A, "arrow", el["id"])
        if B and bind_end:
            self._bind(B, "arrow", el["id"])
        if label:
            mx = p0[0] + (pts[-1][0]) / 2
            my = p0[1] + (pts[-1][1]) / 2
            t = self._text(label, mx, my, container=el["id"], deleted=deleted, size=16, frame=frame)
            self._bind(el, "text", t["id"])
        return el["id"]

    def dump(self):
        els = []
        for e in self.els:
            e = {k: v for k, v in e.items() if not k.startswith("_")}
            els.append(e)
        return {
            "type": "excalidraw",
            "version": 2,
            "source": "https://excalidraw.com",
            "elements": els,
            "appState": {"gridSize": 20, "gridStep": 5, "gridModeEnabled": False,
                         "viewBackgroundColor": "#ffffff"},
            "files": {},
        }


SCENES = []


def scene(name, description, findings, no_findings, kinds, transcript=None):
    def deco(fn):
        s = Scene(name)
        fn(s)
        SCENES.append(dict(name=name, scene=s, description=description, findings=findings,
                           no_findings=no_findings, kinds=kinds, transcript=transcript))
        return fn
    return deco


def F(id_, *labels):
    return {"id": id_, "labels": list(labels)}


# =====================================================================
# Good designs
# =====================================================================
@scene("s_ratelimiter_good",
       "clean rate limiter: mobile users, LB, API GW calling a rate limiter backed by redis with a replica; everything spoken",
       [], ALL,
       {"users (mobile)": "client", "LB": "load_balancer", "API GW": "gateway",
        "svc-orders": "service", "redis replica": "replica", "rate limiter": "service"},
       transcript="""Okay, so users on the mobile app come in through the LB, which just spreads traffic across the gateway nodes. The API gateway is where I enforce limits: for every request it calls the rate limiter service first. The rate limiter keeps a token bucket per user and per endpoint in Redis, and I do the refill and decrement in a single Lua script so it's atomic. Redis has a replica; if the primary dies we promote the replica and accept that for a few seconds a user might get slightly more than their quota, which is fine for this product. If the request is allowed, the gateway forwards it to the orders service, svc-orders, and if not we return a 429 with a Retry-After header.""")
def _(s):
    u = s.node("users (mobile)", 0, 1, shape="ellipse")
    lb = s.node("LB", 1, 1)
    gw = s.node("API GW", 2, 1)
    rl = s.node("rate limiter", 2, 2.5)
    r = s.node("redis (counters)", 3, 2.5, bg="#ffc9c9")
    rr = s.node("redis replica", 4, 2.5, bg="#ffc9c9")
    o = s.node("svc-orders", 3.5, 1)
    s.arrow(u, lb)
    s.arrow(lb, gw)
    s.arrow(gw, rl, label="check quota")
    s.arrow(rl, r)
    s.arrow(r, rr, label="async repl", dashed=True)
    s.arrow(gw, o)


@scene("s_urlshortener_good",
       "URL shortener: client, CDN, LB, service, redis cache + replica, PG primary + replica, ID allocator; title text at the top",
       [], ["unlabelled", "disconnected", "no_replica", "loose_arrow"],
       {"Client": "client", "CDN": "cdn", "LB": "load_balancer", "shortener svc": "service",
        "redis cache": "cache", "redis replica": "replica", "PG primary": "sql_store",
        "PG replica": "replica"})
def _(s):
    s.note("URL shortener  (100:1 read/write, ~20k rps reads)", 0, 0)
    c = s.node("Client", 0, 1.5, shape="ellipse")
    cdn = s.node("CDN", 1, 1.5)
    lb = s.node("LB", 2, 1.5)
    svc = s.node("shortener svc", 3, 1.5)
    rc = s.node("redis cache", 4, 0.7)
    rr = s.node("redis replica", 5, 0.7)
    pg = s.node("PG primary", 4, 2.5)
    pr = s.node("PG replica", 5, 2.5)
    idg = s.node("ID range allocator", 3, 3)
    s.arrow(c, cdn)
    s.arrow(cdn, lb, label="miss")
    s.arrow(lb, svc)
    s.arrow(svc, rc)
    s.arrow(rc, rr, dashed=True)
    s.arrow(svc, pg)
    s.arrow(pg, pr, label="streaming repl", dashed=True)
    s.arrow(svc, idg, both_heads=True)


@scene("s_newsfeed_frames",
       "news feed in two frames (write path / read path) with arrows across frames; all stores replicated; deleted box, arrow and text to ignore",
       [], ["unlabelled", "disconnected", "no_replica", "loose_arrow"],
       {"users (mobile)": "client", "API GW": "gateway", "post svc": "service", "kafka": "queue",
        "kafka replica": "replica", "fanout workers": "worker", "Cassandra": "nosql_store",
        "Cassandra replica": "replica", "feed cache (redis)": "cache", "feed svc": "service",
        "feed cache replica": "replica"})
def _(s):
    fw = s.frame("Write path", 2, 0, 5, 2)
    fr = s.frame("Read path", 2, 3.5, 5, 4.5)
    u = s.node("users (mobile)", 0, 2.2, shape="ellipse")
    gw = s.node("API GW", 1, 2.2)
    ps = s.node("post svc", 2, 0.5, frame=fw)
    k = s.node("kafka", 3, 0, frame=fw)
    kr = s.node("kafka replica", 4, 0, frame=fw)
    fo = s.node("fanout workers", 3, 1.2, frame=fw)
    cs = s.node("Cassandra", 4, 2, frame=fw)
    cr = s.node("Cassandra replica", 5, 2, frame=fw)
    fs = s.node("feed svc", 2, 4, frame=fr)
    fc = s.node("feed cache (redis)", 3, 4, frame=fr)
    fcr = s.node("feed cache replica", 4, 4, frame=fr)
    s.arrow(u, gw)
    s.arrow(gw, ps, label="POST /posts")
    s.arrow(ps, k, frame=fw)
    s.arrow(k, kr, dashed=True, frame=fw)
    s.arrow(k, fo, frame=fw)
    s.arrow(ps, cs, frame=fw)
    s.arrow(cs, cr, dashed=True, frame=fw)
    s.arrow(fo, fc, label="push ids")
    s.arrow(gw, fs, label="GET /feed")
    s.arrow(fs, fc, frame=fr)
    s.arrow(fc, fcr, dashed=True, frame=fr)
    s.arrow(fs, cs, label="hydrate")
    # erased while drawing: must be ignored
    s.node(None, 5, 4, mode="none", deleted=True)
    s.arrow(fs, None, end_xy=(3, 5.5), deleted=True)
    t = s.note("TODO celebs?", 0, 4, size=20)
    s.by_id[t]["isDeleted"] = True


@scene("s_chat_good",
       "chat: mobile clients, LB, ws gateway, chat svc, kafka + replica, Cassandra + replica, presence redis + replica, push worker, APNs/FCM; everything spoken",
       [], ALL,
       {"mobile clients": "client", "LB": "load_balancer", "chat svc": "service", "kafka": "queue",
        "kafka replica": "replica", "Cassandra": "nosql_store", "Cassandra replica": "replica",
        "push worker": "worker", "APNs / FCM": "external_provider",
        "redis replica": "replica"},
       transcript="""Mobile clients open a websocket, which goes through the LB to the ws gateway tier; those nodes just hold connections. When I send a message, the gateway hands it to the chat service, which writes it to Cassandra, partitioned by conversation id, and Cassandra has a replica in a second zone. The chat service also publishes the message to Kafka, and Kafka is replicated too, that's the kafka replica I drew there. A push worker consumes from Kafka and, when the recipient isn't connected, calls APNs or FCM. For online status, the gateway writes heartbeats into a presence store in Redis with a short TTL, and that Redis has its own replica so we don't lose presence during a failover.""")
def _(s):
    c = s.node("mobile clients", 0, 1.5, shape="ellipse")
    lb = s.node("LB", 1, 1.5)
    wg = s.node("ws gateway", 2, 1.5)
    cs = s.node("chat svc", 3, 1.5)
    k = s.node("kafka", 4, 0.5)
    kr = s.node("kafka replica", 5, 0.5)
    pw = s.node("push worker", 4, -0.5)
    ap = s.node("APNs / FCM", 5, -0.5, shape="ellipse")
    ca = s.node("Cassandra", 4, 2.5)
    cr = s.node("Cassandra replica", 5, 2.5)
    pr = s.node("presence (redis)", 2, 3)
    rr = s.node("redis replica", 3, 3.5)
    s.arrow(c, lb, label="websocket", both_heads=True)
    s.arrow(lb, wg)
    s.arrow(wg, cs)
    s.arrow(cs, k)
    s.arrow(k, kr, dashed=True)
    s.arrow(k, pw)
    s.arrow(pw, ap)
    s.arrow(cs, ca)
    s.arrow(ca, cr, dashed=True)
    s.arrow(wg, pr, label="heartbeat")
    s.arrow(pr, rr, dashed=True)


@scene("s_replica_traps_good",
       "billing: every stateful node replicated ('PG standby' counts as a replica); traps: Stripe is external, 'svc-queue-consumer' and 'cache-invalidator' are not a queue or a cache",
       [], ["unlabelled", "disconnected", "no_replica", "loose_arrow"],
       {"web app": "client", "API GW": "gateway", "svc-billing": "service", "PG primary": "sql_store",
        "PG standby": "replica", "Stripe": "external_provider", "kafka": "queue",
        "kafka replica": "replica", "redis cache": "cache", "redis replica": "replica"})
def _(s):
    w = s.node("web app", 0, 1, shape="ellipse")
    gw = s.node("API GW", 1, 1)
    b = s.node("svc-billing", 2, 1)
    pg = s.node("PG primary", 3, 0)
    ps = s.node("PG standby", 4, 0)
    st = s.node("Stripe", 2, 2.5, shape="ellipse")
    wh = s.node("webhook svc", 3, 2.5)
    k = s.node("kafka", 4, 2.5)
    kr = s.node("kafka replica", 5, 2.5)
    qc = s.node("svc-queue-consumer", 5, 1.2)
    ci = s.node("cache-invalidator", 4, 3.7)
    rc = s.node("redis cache", 3, 3.7)
    rr = s.node("redis replica", 2, 3.7)
    s.arrow(w, gw)
    s.arrow(gw, b)
    s.arrow(b, pg)
    s.arrow(pg, ps, label="sync repl", dashed=True)
    s.arrow(b, st, label="charge")
    s.arrow(st, wh, label="webhook")
    s.arrow(wh, k)
    s.arrow(k, kr, dashed=True)
    s.arrow(k, qc)
    s.arrow(qc, pg)
    s.arrow(k, ci)
    s.arrow(ci, rc, label="DEL key")
    s.arrow(rc, rr, dashed=True)
    s.arrow(b, rc)


@scene("s_freetext_labels_scheduler",
       "job scheduler where every label is a FREE text element placed inside its shape (not bound); some shape+text pairs grouped; all stores replicated",
       [], ["unlabelled", "disconnected", "no_replica", "loose_arrow"],
       {"admin UI": "client", "job API": "service", "PG primary": "sql_store", "PG replica": "replica",
        "scheduler": "scheduler", "kafka": "queue", "kafka replica": "replica",
        "worker pool": "worker"})
def _(s):
    g1, g2, g3 = "grpA" + s._id()[:8], "grpB" + s._id()[:8], "grpC" + s._id()[:8]
    a = s.node("admin UI", 0, 1, mode="free", shape="ellipse")
    api = s.node("job API", 1, 1, mode="free", groups=[g1])
    pg = s.node("PG primary", 2, 0, mode="free", groups=[g2])
    pr = s.node("PG replica", 3, 0, mode="free")
    sch = s.node("scheduler", 2, 2, mode="free", groups=[g3])
    k = s.node("kafka", 3, 2, mode="free")
    kr = s.node("kafka replica", 4, 2.8, mode="free")
    wp = s.node("worker pool", 4, 1.2, mode="free")
    s.arrow(a, api)
    s.arrow(api, pg, label="insert job")
    s.arrow(pg, pr, dashed=True)
    s.arrow(sch, pg, label="poll due jobs")
    s.arrow(sch, k, label="enqueue")
    s.arrow(k, kr, dashed=True)
    s.arrow(k, wp)
    s.arrow(wp, pg, label="mark done")


# =====================================================================
# unlabelled
# =====================================================================
@scene("s_payments_unlabelled_box",
       "payments: an empty rectangle sits between svc-payments and Stripe (connected on both sides); PG has a replica",
       [F("unlabelled")], ["disconnected", "no_replica", "loose_arrow"],
       {"checkout (web)": "client", "API GW": "gateway", "svc-payments": "service",
        "PG primary": "sql_store", "PG replica": "replica", "Stripe": "external_provider"})
def _(s):
    c = s.node("checkout (web)", 0, 1, shape="ellipse")
    gw = s.node("API GW", 1, 1)
    p = s.node("svc-payments", 2, 1)
    blank = s.node(None, 3, 0, mode="none")
    st = s.node("Stripe", 4, 0, shape="ellipse")
    pg = s.node("PG primary", 3, 2)
    pr = s.node("PG replica", 4, 2)
    s.arrow(c, gw)
    s.arrow(gw, p)
    s.arrow(p, blank)
    s.arrow(blank, st)
    s.arrow(p, pg)
    s.arrow(pg, pr, dashed=True)


@scene("s_deleted_label",
       "a connected rectangle whose only (bound) text was deleted, so it has no label; a whole deleted labelled box elsewhere must be ignored",
       [F("unlabelled")], ["disconnected", "no_replica", "loose_arrow"],
       {"Client": "client", "LB": "load_balancer", "PG primary": "sql_store", "PG replica": "replica"})
def _(s):
    c = s.node("Client", 0, 1, shape="ellipse")
    lb = s.node("LB", 1, 1)
    api = s.node("API", 2, 1)
    blank = s.node("redis cache", 3, 0, mode="deleted_label")
    pg = s.node("PG primary", 3, 2)
    pr = s.node("PG replica", 4, 2)
    s.arrow(c, lb)
    s.arrow(lb, api)
    s.arrow(api, blank)
    s.arrow(api, pg)
    s.arrow(pg, pr, dashed=True)
    s.node("mongo", 5, 0, deleted=True)


@scene("s_unlabelled_diamond_ellipse",
       "redirect service with an unlabelled diamond and an unlabelled ellipse, both connected; redis has a replica",
       [F("unlabelled")], ["disconnected", "no_replica", "loose_arrow"],
       {"Client": "client", "LB": "load_balancer", "API GW": "gateway", "svc-redirect": "service",
        "redis cache": "cache", "redis replica": "replica"})
def _(s):
    c = s.node("Client", 0, 1, shape="ellipse")
    lb = s.node("LB", 1, 1)
    gw = s.node("API GW", 2, 1)
    d = s.node(None, 3, 1, shape="diamond", mode="none", w=120, h=100)
    r = s.node("svc-redirect", 4, 1)
    rc = s.node("redis cache", 4, 2.3)
    rr = s.node("redis replica", 5, 2.3)
    e = s.node(None, 5, 0, shape="ellipse", mode="none")
    s.arrow(c, lb)
    s.arrow(lb, gw)
    s.arrow(gw, d)
    s.arrow(d, r, label="valid code")
    s.arrow(r, rc)
    s.arrow(rc, rr, dashed=True)
    s.arrow(r, e)


@scene("s_job_scheduler_unlabelled",
       "cron-driven job scheduler with an empty box between the scheduler service and the workers",
       [F("unlabelled")], ["disconnected", "no_replica", "loose_arrow"],
       {"cron": "scheduler", "workers": "worker", "PG primary": "sql_store", "PG replica": "replica"})
def _(s):
    cr = s.node("cron", 0, 1)
    ss = s.node("scheduler svc", 1, 1)
    blank = s.node(None, 2, 1, mode="none", bg="#a5d8ff")
    w = s.node("workers", 3, 1)
    pg = s.node("PG primary", 1.5, 2.5)
    pr = s.node("PG replica", 2.5, 2.5)
    s.arrow(cr, ss, label="every 1m")
    s.arrow(ss, blank)
    s.arrow(blank, w)
    s.arrow(ss, pg)
    s.arrow(pg, pr, dashed=True)
    s.arrow(w, pg, label="status")


@scene("s_messy_groups_loose",
       "grouped app servers behind an LB, an empty box hanging off app-2, and a 'backups?' arrow from the PG replica pointing at nothing",
       [F("unlabelled"), F("loose_arrow", "PG replica")], ["disconnected", "no_replica"],
       {"Client": "client", "LB": "load_balancer", "PG primary": "sql_store", "PG replica": "replica"})
def _(s):
    g = "grp" + s._id()[:10]
    c = s.node("Client", 0, 1.5, shape="ellipse")
    lb = s.node("LB", 1, 1.5)
    a1 = s.node("app-1", 2, 1, groups=[g])
    a2 = s.node("app-2", 2, 2, groups=[g])
    pg = s.node("PG primary", 3, 1.5)
    pr = s.node("PG replica", 4, 1.5)
    blank = s.node(None, 3, 3, mode="none")
    s.note("app servers (stateless, autoscaled)", 1.9, 0.6, size=16)
    s.arrow(c, lb)
    s.arrow(lb, a1)
    s.arrow(lb, a2)
    s.arrow(a1, pg)
    s.arrow(a2, pg)
    s.arrow(pg, pr, dashed=True)
    s.arrow(a2, blank)
    s.arrow(pr, None, end_xy=(5, 0.6), label="backups?")


# =====================================================================
# disconnected
# =====================================================================
@scene("s_monitoring_island",
       "orders system plus a Prometheus -> Grafana pair drawn off to the side with no arrow to the rest",
       [F("disconnected", "Prometheus", "Grafana")], ["unlabelled", "no_replica", "loose_arrow"],
       {"users (web)": "client", "LB": "load_balancer", "svc-orders": "service",
        "PG primary": "sql_store", "PG replica": "replica"})
def _(s):
    u = s.node("users (web)", 0, 1, shape="ellipse")
    lb = s.node("LB", 1, 1)
    o = s.node("svc-orders", 2, 1)
    pg = s.node("PG primary", 3, 1)
    pr = s.node("PG replica", 4, 1)
    p = s.node("Prometheus", 1, 3)
    g = s.node("Grafana", 2, 3)
    s.arrow(u, lb)
    s.arrow(lb, o)
    s.arrow(o, pg)
    s.arrow(pg, pr, dashed=True)
    s.arrow(p, g)


@scene("s_lone_search_index",
       "catalog with mongo primary+replica; an 'ES' box drawn but never connected",
       [F("disconnected", "ES")], ["unlabelled", "loose_arrow"],
       {"Client": "client", "API GW": "gateway", "catalog svc": "service",
        "mongo primary": "nosql_store", "mongo replica": "replica", "ES": "search_index"})
def _(s):
    c = s.node("Client", 0, 1, shape="ellipse")
    gw = s.node("API GW", 1, 1)
    cs = s.node("catalog svc", 2, 1)
    m = s.node("mongo primary", 3, 1)
    mr = s.node("mongo replica", 4, 1)
    s.node("ES", 3, 2.5)
    s.arrow(c, gw)
    s.arrow(gw, cs)
    s.arrow(cs, m)
    s.arrow(m, mr, dashed=True)


@scene("s_deleted_arrow_island",
       "notification service whose only arrow to the email provider was deleted, leaving the provider unconnected",
       [F("disconnected", "email provider (SES)")], ["unlabelled", "no_replica", "loose_arrow"],
       {"Client": "client", "LB": "load_balancer", "svc-notify": "service",
        "email provider (SES)": "external_provider", "PG primary": "sql_store", "PG replica": "replica"})
def _(s):
    c = s.node("Client", 0, 1, shape="ellipse")
    lb = s.node("LB", 1, 1)
    n = s.node("svc-notify", 2, 1)
    e = s.node("email provider (SES)", 4, 0, w=200)
    pg = s.node("PG primary", 3, 2)
    pr = s.node("PG replica", 4, 2)
    s.arrow(c, lb)
    s.arrow(lb, n)
    s.arrow(n, e, label="send", deleted=True)
    s.arrow(n, pg)
    s.arrow(pg, pr, dashed=True)


@scene("s_cron_island",
       "click analytics pipeline; a 'cron' -> 'cleanup job' pair connected to each other but not to the rest",
       [F("disconnected", "cron", "cleanup job")], ["unlabelled", "no_replica", "loose_arrow"],
       {"Client": "client", "CDN": "cdn", "LB": "load_balancer", "redirect svc": "service",
        "kafka": "queue", "kafka replica": "replica", "click aggregator (Flink)": "stream_processor",
        "PG primary": "sql_store", "PG replica": "replica", "cron": "scheduler"})
def _(s):
    c = s.node("Client", 0, 1, shape="ellipse")
    cdn = s.node("CDN", 1, 1)
    lb = s.node("LB", 2, 1)
    r = s.node("redirect svc", 3, 1)
    k = s.node("kafka", 4, 1)
    kr = s.node("kafka replica", 5, 1)
    f = s.node("click aggregator (Flink)", 4, 2.3, w=210)
    pg = s.node("PG primary", 5, 3.3)
    pr = s.node("PG replica", 6, 3.3)
    cr = s.node("cron", 0, 3.3)
    cj = s.node("cleanup job", 1, 3.3)
    s.arrow(c, cdn)
    s.arrow(cdn, lb)
    s.arrow(lb, r)
    s.arrow(r, k, label="click event")
    s.arrow(k, kr, dashed=True)
    s.arrow(k, f)
    s.arrow(f, pg, label="per-minute counts")
    s.arrow(pg, pr, dashed=True)
    s.arrow(cr, cj, label="nightly")


# =====================================================================
# no_replica
# =====================================================================
@scene("s_payments_single_db",
       "payments with a single 'PG' and no replica; Stripe is external (no replica expected)",
       [F("no_replica", "PG")], ["unlabelled", "disconnected", "loose_arrow"],
       {"checkout web": "client", "API GW": "gateway", "svc-payments": "service", "PG": "sql_store",
        "Stripe": "external_provider", "webhook handler": "service"})
def _(s):
    c = s.node("checkout web", 0, 1, shape="ellipse")
    gw = s.node("API GW", 1, 1)
    p = s.node("svc-payments", 2, 1)
    pg = s.node("PG", 3, 2, shape="ellipse")
    st = s.node("Stripe", 3, 0, shape="ellipse")
    wh = s.node("webhook handler", 4, 1)
    s.arrow(c, gw)
    s.arrow(gw, p)
    s.arrow(p, pg)
    s.arrow(p, st, label="create PaymentIntent")
    s.arrow(st, wh, label="webhook")
    s.arrow(wh, pg)


@scene("s_queue_no_replica",
       "orders: PG primary has a replica but kafka has none",
       [F("no_replica", "kafka")], ["unlabelled", "disconnected", "loose_arrow"],
       {"users (mobile)": "client", "API GW": "gateway", "svc-orders": "service",
        "PG primary": "sql_store", "PG replica": "replica", "kafka": "queue",
        "inventory worker": "worker"})
def _(s):
    u = s.node("users (mobile)", 0, 1, shape="ellipse")
    gw = s.node("API GW", 1, 1)
    o = s.node("svc-orders", 2, 1)
    pg = s.node("PG primary", 3, 0)
    pr = s.node("PG replica", 4, 0)
    k = s.node("kafka", 3, 2)
    iw = s.node("inventory worker", 4, 1.2)
    s.arrow(u, gw)
    s.arrow(gw, o)
    s.arrow(o, pg)
    s.arrow(pg, pr, dashed=True)
    s.arrow(o, k, label="OrderPlaced")
    s.arrow(k, iw)
    s.arrow(iw, pg)


@scene("s_two_stores_one_replica",
       "profile service: PG has a read replica, the 'mongo' session store has none",
       [F("no_replica", "mongo")], ["unlabelled", "disconnected", "loose_arrow"],
       {"Client": "client", "LB": "load_balancer", "profile svc": "service",
        "PG primary": "sql_store", "PG read replica": "replica", "mongo": "nosql_store"})
def _(s):
    c = s.node("Client", 0, 1, shape="ellipse")
    lb = s.node("LB", 1, 1)
    p = s.node("profile svc", 2, 1)
    pg = s.node("PG primary", 3, 0)
    pr = s.node("PG read replica", 4, 0)
    m = s.node("mongo", 3, 2, shape="ellipse")
    s.arrow(c, lb)
    s.arrow(lb, p)
    s.arrow(p, pg)
    s.arrow(pg, pr, dashed=True)
    s.arrow(p, m, label="sessions")


@scene("s_cache_no_replica",
       "API with a redis cache that has no replica; PG is replicated",
       [F("no_replica", "redis cache")], ["unlabelled", "disconnected", "loose_arrow"],
       {"Client": "client", "LB": "load_balancer", "redis cache": "cache",
        "PG primary": "sql_store", "PG replica": "replica"})
def _(s):
    c = s.node("Client", 0, 1, shape="ellipse")
    lb = s.node("LB", 1, 1)
    api = s.node("API", 2, 1)
    rc = s.node("redis cache", 3, 0, bg="#ffc9c9")
    pg = s.node("PG primary", 3, 2)
    pr = s.node("PG replica", 4, 2)
    s.arrow(c, lb)
    s.arrow(lb, api)
    s.arrow(api, rc, label="read-through")
    s.arrow(api, pg)
    s.arrow(pg, pr, dashed=True)


# =====================================================================
# loose_arrow
# =====================================================================
@scene("s_loose_end",
       "profile service with an 'events -> ?' arrow whose end is not bound to anything",
       [F("loose_arrow", "svc-profile")], ["unlabelled", "disconnected", "no_replica"],
       {"Client": "client", "LB": "load_balancer", "svc-profile": "service",
        "PG primary": "sql_store", "PG replica": "replica"})
def _(s):
    c = s.node("Client", 0, 1, shape="ellipse")
    lb = s.node("LB", 1, 1)
    p = s.node("svc-profile", 2, 1)
    pg = s.node("PG primary", 3, 1)
    pr = s.node("PG replica", 4, 1)
    s.arrow(c, lb)
    s.arrow(lb, p)
    s.arrow(p, pg)
    s.arrow(pg, pr, dashed=True)
    s.arrow(p, None, end_xy=(2.6, 2.8), label="events -> ?")


@scene("s_loose_start",
       "traffic arrow drawn from empty space into the LB (start not bound); no client box",
       [F("loose_arrow", "LB")], ["unlabelled", "disconnected", "no_replica"],
       {"LB": "load_balancer", "API GW": "gateway", "svc-feed": "service", "redis cache": "cache",
        "redis replica": "replica"})
def _(s):
    lb = s.node("LB", 1, 1)
    gw = s.node("API GW", 2, 1)
    f = s.node("svc-feed", 3, 1)
    rc = s.node("redis cache", 4, 0.3)
    rr = s.node("redis replica", 5, 0.3)
    s.arrow(None, lb, start_xy=(0, 1.2), label="traffic")
    s.arrow(lb, gw)
    s.arrow(gw, f)
    s.arrow(f, rc)
    s.arrow(rc, rr, dashed=True)


@scene("s_loose_toward_audit",
       "arrow from svc-orders stops just short of 'audit svc' without binding, so the arrow is loose and audit svc is disconnected",
       [F("loose_arrow", "svc-orders"), F("disconnected", "audit svc")], ["unlabelled", "no_replica"],
       {"users (web)": "client", "API GW": "gateway", "svc-orders": "service",
        "PG primary": "sql_store", "PG replica": "replica"})
def _(s):
    u = s.node("users (web)", 0, 1, shape="ellipse")
    gw = s.node("API GW", 1, 1)
    o = s.node("svc-orders", 2, 1)
    pg = s.node("PG primary", 3, 1)
    pr = s.node("PG replica", 4, 1)
    a = s.node("audit svc", 2, 2.6)
    s.arrow(u, gw)
    s.arrow(gw, o)
    s.arrow(o, pg)
    s.arrow(pg, pr, dashed=True)
    s.arrow(o, a, bind_end=False)


@scene("s_floating_arrow",
       "an arrow floats between API and kafka with neither end bound; everything is still connected through other arrows",
       [F("loose_arrow")], ["unlabelled", "disconnected", "no_replica"],
       {"Client": "client", "kafka": "queue", "kafka replica": "replica", "worker": "worker",
        "PG primary": "sql_store", "PG replica": "replica"})
def _(s):
    c = s.node("Client", 0, 1, shape="ellipse")
    api = s.node("API", 1, 1)
    k = s.node("kafka", 2.5, 0)
    kr = s.node("kafka replica", 3.5, 0)
    w = s.node("worker", 2.5, 1.3)
    pg = s.node("PG primary", 2.5, 2.5)
    pr = s.node("PG replica", 3.5, 2.5)
    s.arrow(c, api)
    s.arrow(api, k, bind_start=False, bind_end=False)
    s.arrow(k, kr, dashed=True)
    s.arrow(k, w)
    s.arrow(w, pg)
    s.arrow(api, pg)
    s.arrow(pg, pr, dashed=True)


# =====================================================================
# transcripts: spoken_not_drawn / drawn_not_explained
# =====================================================================
@scene("s_photos_cdn_spoken",
       "photo upload: candidate says a CDN goes in front of S3 but never draws it; S3 and PG both replicated",
       [F("spoken_not_drawn", "CDN")], ["unlabelled", "disconnected", "no_replica", "loose_arrow",
                                       "drawn_not_explained"],
       {"users (mobile)": "client", "LB": "load_balancer", "upload svc": "service",
        "S3 bucket": "object_storage", "S3 replica (us-west)": "replica", "PG primary": "sql_store",
        "PG replica": "replica"},
       transcript="""So this is photo upload. Users on the mobile app hit the load balancer, which routes to the upload service. The upload service writes the original image to an S3 bucket, and that bucket replicates cross-region to the replica in us-west, so losing a region doesn't lose photos. Metadata, like owner, dimensions and the S3 key, goes into Postgres; the PG primary takes writes and the PG replica serves the gallery reads. For downloads, we'll put a CDN in front of S3 so popular photos are served from the edge and we're not paying egress on every single view. That's basically it for the happy path.""")
def _(s):
    u = s.node("users (mobile)", 0, 1, shape="ellipse")
    lb = s.node("LB", 1, 1)
    up = s.node("upload svc", 2, 1)
    s3 = s.node("S3 bucket", 3, 0)
    s3r = s.node("S3 replica (us-west)", 4, 0, w=200)
    pg = s.node("PG primary", 3, 2)
    pr = s.node("PG replica", 4, 2)
    s.arrow(u, lb)
    s.arrow(lb, up)
    s.arrow(up, s3, label="PUT original")
    s.arrow(s3, s3r, label="CRR", dashed=True)
    s.arrow(up, pg)
    s.arrow(pg, pr, dashed=True)


@scene("s_orders_kafka_spoken",
       "orders: candidate says events go through Kafka but draws svc-orders -> notification svc directly",
       [F("spoken_not_drawn", "Kafka")], ["unlabelled", "disconnected", "no_replica", "loose_arrow",
                                         "drawn_not_explained"],
       {"users (mobile)": "client", "API GW": "gateway", "svc-orders": "service",
        "PG primary": "sql_store", "PG replica": "replica", "notification svc": "service",
        "APNs": "external_provider"},
       transcript="""Users on the mobile app call the API gateway, which routes to svc-orders. The orders service writes the order into Postgres, the PG primary, and we keep a PG replica for reads and for failover. After the commit, the orders service publishes an OrderPlaced event to Kafka, and the notification service consumes that event and sends a push through APNs. The reason for going through Kafka is that a slow APNs call should never hold up checkout, and if the notification service is down the events just wait for it.""")
def _(s):
    u = s.node("users (mobile)", 0, 1, shape="ellipse")
    gw = s.node("API GW", 1, 1)
    o = s.node("svc-orders", 2, 1)
    pg = s.node("PG primary", 3, 0)
    pr = s.node("PG replica", 4, 0)
    n = s.node("notification svc", 3, 2)
    ap = s.node("APNs", 4, 2, shape="ellipse")
    s.arrow(u, gw)
    s.arrow(gw, o)
    s.arrow(o, pg)
    s.arrow(pg, pr, dashed=True)
    s.arrow(o, n, label="OrderPlaced")
    s.arrow(n, ap)


@scene("s_catalog_es_unexplained",
       "catalog: an 'ES' box is drawn and connected but never mentioned; everything else spoken",
       [F("drawn_not_explained", "ES")], ["unlabelled", "disconnected", "loose_arrow", "spoken_not_drawn"],
       {"Client": "client", "API GW": "gateway", "catalog svc": "service", "PG primary": "sql_store",
        "PG replica": "replica", "redis cache": "cache", "redis replica": "replica",
        "ES": "search_index"},
       transcript="""The client goes through the API gateway to the catalog service. Product data lives in Postgres: writes go to the PG primary and the PG replica takes most of the read traffic, and if the primary fails we promote the replica. Hot product pages are kept in a Redis cache with a TTL of about five minutes, and that cache has a replica so losing a node doesn't stampede the database. Price changes invalidate the cache entry directly from the catalog service, so we never show a stale price for longer than one request.""")
def _(s):
    c = s.node("Client", 0, 1, shape="ellipse")
    gw = s.node("API GW", 1, 1)
    cs = s.node("catalog svc", 2, 1)
    pg = s.node("PG primary", 3, 0)
    pr = s.node("PG replica", 4, 0)
    rc = s.node("redis cache", 3, 1.3)
    rr = s.node("redis replica", 4, 1.3)
    es = s.node("ES", 3, 2.6)
    s.arrow(c, gw)
    s.arrow(gw, cs)
    s.arrow(cs, pg)
    s.arrow(pg, pr, dashed=True)
    s.arrow(cs, rc)
    s.arrow(rc, rr, dashed=True)
    s.arrow(cs, es)


@scene("s_billing_cron_unexplained",
       "billing: a 'cron' box feeding the billing worker is drawn but never mentioned",
       [F("drawn_not_explained", "cron")], ["unlabelled", "disconnected", "no_replica", "loose_arrow",
                                           "spoken_not_drawn"],
       {"users (web)": "client", "LB": "load_balancer", "svc-billing": "service",
        "PG primary": "sql_store", "PG replica": "replica", "Stripe": "external_provider",
        "cron": "scheduler", "billing worker": "worker"},
       transcript="""Users on the web app go through the LB to the billing service, svc-billing. It stores subscriptions and invoices in Postgres, the PG primary, with a streaming PG replica we can fail over to. When a customer upgrades, svc-billing calls Stripe synchronously to create the charge. Failed charges are picked up by the billing worker, which retries against Stripe with exponential backoff and writes the final status back to the primary, and every Stripe call carries an idempotency key so a retry never double charges a customer.""")
def _(s):
    u = s.node("users (web)", 0, 1, shape="ellipse")
    lb = s.node("LB", 1, 1)
    b = s.node("svc-billing", 2, 1)
    pg = s.node("PG primary", 3, 1)
    pr = s.node("PG replica", 4, 1)
    st = s.node("Stripe", 2, 0, shape="ellipse")
    cr = s.node("cron", 2, 2.5)
    bw = s.node("billing worker", 3, 2.5)
    s.arrow(u, lb)
    s.arrow(lb, b)
    s.arrow(b, pg)
    s.arrow(pg, pr, dashed=True)
    s.arrow(b, st, label="charge")
    s.arrow(cr, bw, label="*/15 * * * *")
    s.arrow(bw, pg)
    s.arrow(bw, st, bend=(4.2, 0.3))


@scene("s_posts_mixed",
       "posts: Elasticsearch spoken but not drawn; 'redis cache' drawn but never mentioned and not replicated (PG story given)",
       [F("spoken_not_drawn", "Elasticsearch"), F("drawn_not_explained", "redis cache"),
        F("no_replica", "redis cache")], ["unlabelled", "disconnected", "loose_arrow"],
       {"users (mobile)": "client", "LB": "load_balancer", "svc-posts": "service",
        "PG primary": "sql_store", "PG replica": "replica", "redis cache": "cache"},
       transcript="""Users on the mobile app hit the LB, and it routes to svc-posts. Posts are stored in Postgres: the PG primary takes the writes and streams to a PG replica, and on primary failure we promote the replica, so we lose at most a second of writes. We'd also index every post in Elasticsearch so people can search by keyword and by hashtag, with the posts service writing to the index right after the database commit. I think that covers the write and the search path.""")
def _(s):
    u = s.node("users (mobile)", 0, 1, shape="ellipse")
    lb = s.node("LB", 1, 1)
    p = s.node("svc-posts", 2, 1)
    pg = s.node("PG primary", 3, 1)
    pr = s.node("PG replica", 4, 1)
    rc = s.node("redis cache", 2, 2.4)
    s.arrow(u, lb)
    s.arrow(lb, p)
    s.arrow(p, pg)
    s.arrow(pg, pr, dashed=True)
    s.arrow(p, rc)


@scene("s_wallet_spoken_failover",
       "wallet: Postgres and redis cache drawn without replicas, but the transcript gives a failover story for Postgres and a failure story for the cache",
       [], ["unlabelled", "disconnected", "no_replica", "loose_arrow", "drawn_not_explained"],
       {"Client": "client", "LB": "load_balancer", "svc-wallet": "service", "Postgres": "sql_store",
        "redis cache": "cache"},
       transcript="""A client calls through the LB into svc-wallet. Balances live in Postgres, and Postgres runs Multi-AZ with a synchronous standby and automatic failover, so a committed transfer survives losing the primary's whole zone. Next to it there's a Redis cache for balance reads; it's only a cache, so if that node dies we just take the misses, read from Postgres, and warm it again. Every transfer is a single database transaction with an idempotency key from the client, so retries are safe.""")
def _(s):
    c = s.node("Client", 0, 1, shape="ellipse")
    lb = s.node("LB", 1, 1)
    w = s.node("svc-wallet", 2, 1)
    pg = s.node("Postgres", 3, 1.6, shape="ellipse")
    rc = s.node("redis cache", 3, 0.4)
    s.arrow(c, lb)
    s.arrow(lb, w)
    s.arrow(w, pg)
    s.arrow(w, rc)


@scene("s_ledger_negated_cdn",
       "ledger: candidate explicitly says no CDN is needed (not a spoken-not-drawn component); everything drawn is spoken",
       [], ALL,
       {"users (mobile)": "client", "LB": "load_balancer", "API GW": "gateway", "svc-ledger": "service",
        "PG primary": "sql_store", "PG replica": "replica"},
       transcript="""Users on the mobile app come in through the LB to the API gateway, which does auth and forwards to svc-ledger. We don't need a CDN here at all: every response is per-user and uncacheable, and the payloads are tiny. The ledger service writes double-entry rows to Postgres, the PG primary, in one transaction per transfer, and the PG replica is there for reporting reads and as the failover target if the primary goes down. Balances are derived from the entries, never stored separately.""")
def _(s):
    u = s.node("users (mobile)", 0, 1, shape="ellipse")
    lb = s.node("LB", 1, 1)
    gw = s.node("API GW", 2, 1)
    l = s.node("svc-ledger", 3, 1)
    pg = s.node("PG primary", 4, 0.4)
    pr = s.node("PG replica", 4, 1.8)
    s.arrow(u, lb)
    s.arrow(lb, gw)
    s.arrow(gw, l)
    s.arrow(l, pg, label="BEGIN..COMMIT")
    s.arrow(pg, pr, dashed=True)


@scene("s_docs_synonyms_good",
       "documents: every box is spoken, but with other words ('load balancer' for LB, 'object store' for S3 bucket, 'scheduled job' for cron...)",
       [], ALL,
       {"users (web)": "client", "LB": "load_balancer", "API GW": "gateway", "svc-docs": "service",
        "PG primary": "sql_store", "PG replica": "replica", "S3 bucket": "object_storage",
        "S3 replica": "replica", "kafka": "queue", "kafka replica": "replica",
        "thumbnail worker": "worker", "cron": "scheduler"},
       transcript="""Users in the browser go through the load balancer to the gateway, which handles auth and routes to the documents service. Document metadata goes to Postgres, with a read replica behind it. The file bodies go to the object store, and that bucket is replicated to a second region. Whenever a document is saved, the service publishes an event onto the queue, which is Kafka with a replica cluster for failover, and the thumbnail worker consumes it and writes the previews back into the object store. Then there's a nightly scheduled job that re-triggers the thumbnail worker for anything that failed.""")
def _(s):
    u = s.node("users (web)", 0, 1.5, shape="ellipse")
    lb = s.node("LB", 1, 1.5)
    gw = s.node("API GW", 2, 1.5)
    d = s.node("svc-docs", 3, 1.5)
    pg = s.node("PG primary", 4, 0)
    pr = s.node("PG replica", 5, 0)
    s3 = s.node("S3 bucket", 4, 1.5)
    s3r = s.node("S3 replica", 5, 1.5)
    k = s.node("kafka", 4, 3)
    kr = s.node("kafka replica", 5, 3)
    tw = s.node("thumbnail worker", 3, 3)
    cr = s.node("cron", 2, 3)
    s.arrow(u, lb)
    s.arrow(lb, gw)
    s.arrow(gw, d)
    s.arrow(d, pg)
    s.arrow(pg, pr, dashed=True)
    s.arrow(d, s3)
    s.arrow(s3, s3r, dashed=True)
    s.arrow(d, k, label="DocSaved")
    s.arrow(k, kr, dashed=True)
    s.arrow(k, tw)
    s.arrow(tw, s3, label="previews")
    s.arrow(cr, tw, label="nightly")


@scene("s_shortener_lb_spoken",
       "shortener: candidate says the instances sit behind a load balancer, but no LB is drawn",
       [F("spoken_not_drawn", "load balancer")], ["unlabelled", "disconnected", "no_replica",
                                                 "loose_arrow", "drawn_not_explained"],
       {"Client": "client", "svc-shortener": "service", "redis cache": "cache",
        "redis replica": "replica", "Cassandra": "nosql_store", "Cassandra replica": "replica"},
       transcript="""The client calls the shortener service; we run three instances of it behind a load balancer so any one of them can die. Short codes map to long URLs in Cassandra, replicated to a Cassandra replica in the second zone, and reads are served through a Redis cache with its own replica, because redirects are ninety-nine percent reads. A new code comes from a counter range handed to each instance, so there's no coordination on the write path, and codes are never reused.""")
def _(s):
    c = s.node("Client", 0, 1, shape="ellipse")
    sh = s.node("svc-shortener", 1, 1)
    rc = s.node("redis cache", 2, 0)
    rr = s.node("redis replica", 3, 0)
    ca = s.node("Cassandra", 2, 2)
    cr = s.node("Cassandra replica", 3, 2)
    s.arrow(c, sh)
    s.arrow(sh, rc)
    s.arrow(rc, rr, dashed=True)
    s.arrow(sh, ca)
    s.arrow(ca, cr, dashed=True)


@scene("s_catalog_cdn_unexplained",
       "catalog: a CDN is drawn in front of the LB but never mentioned; a Redis cache is spoken but not drawn",
       [F("drawn_not_explained", "CDN"), F("spoken_not_drawn", "Redis")],
       ["unlabelled", "disconnected", "no_replica", "loose_arrow"],
       {"Client": "client", "CDN": "cdn", "LB": "load_balancer", "svc-catalog": "service",
        "mongo primary": "nosql_store", "mongo replica": "replica"},
       transcript="""Clients load the catalog through the LB to svc-catalog, which reads from Mongo. The mongo primary replicates to a mongo replica, and we fail over to it automatically if the primary stops answering. To keep latency down I'd add a Redis cache in front of Mongo for the top few thousand products, with a short TTL so price changes show up quickly. The catalog service only ever reads; the write path for merchants is out of scope for today.""")
def _(s):
    c = s.node("Client", 0, 1, shape="ellipse")
    cdn = s.node("CDN", 1, 1)
    lb = s.node("LB", 2, 1)
    sc = s.node("svc-catalog", 3, 1)
    m = s.node("mongo primary", 4, 0.4)
    mr = s.node("mongo replica", 4, 1.8)
    s.arrow(c, cdn)
    s.arrow(cdn, lb)
    s.arrow(lb, sc)
    s.arrow(sc, m)
    s.arrow(m, mr, dashed=True)


@scene("s_chat_presence_unexplained",
       "chat: presence store in redis and its replica are drawn but never talked about; everything else spoken",
       [F("drawn_not_explained", "presence (redis)", "redis replica")],
       ["unlabelled", "disconnected", "no_replica", "loose_arrow", "spoken_not_drawn"],
       {"mobile clients": "client", "LB": "load_balancer", "chat svc": "service", "kafka": "queue",
        "kafka replica": "replica", "Cassandra": "nosql_store", "Cassandra replica": "replica",
        "push worker": "worker", "APNs / FCM": "external_provider",
        "redis replica": "replica"},
       transcript="""Mobile clients hold a websocket through the LB to the ws gateway. The gateway forwards each message to the chat service, which appends it to Cassandra keyed by conversation; Cassandra has a replica in another zone so we survive losing one. For delivery, the chat service publishes to Kafka, which we run with a replica cluster, and the push worker consumes from it and calls APNs or FCM to notify the recipient's phone. Message ids are time-ordered, so the client can ask for everything after the last id it saw.""")
def _(s):
    c = s.node("mobile clients", 0, 1.5, shape="ellipse")
    lb = s.node("LB", 1, 1.5)
    wg = s.node("ws gateway", 2, 1.5)
    cs = s.node("chat svc", 3, 1.5)
    k = s.node("kafka", 4, 0.5)
    kr = s.node("kafka replica", 5, 0.5)
    pw = s.node("push worker", 4, -0.5)
    ap = s.node("APNs / FCM", 5, -0.5, shape="ellipse")
    ca = s.node("Cassandra", 4, 2.5)
    cr = s.node("Cassandra replica", 5, 2.5)
    pr = s.node("presence (redis)", 2, 3)
    rr = s.node("redis replica", 3, 3.5)
    s.arrow(c, lb, both_heads=True)
    s.arrow(lb, wg)
    s.arrow(wg, cs)
    s.arrow(cs, k)
    s.arrow(k, kr, dashed=True)
    s.arrow(k, pw)
    s.arrow(pw, ap)
    s.arrow(cs, ca)
    s.arrow(ca, cr, dashed=True)
    s.arrow(wg, pr)
    s.arrow(pr, rr, dashed=True)


# =====================================================================
# output
# =====================================================================
def toml_str(s):
    return json.dumps(s, ensure_ascii=False)


def main():
    out_s = os.path.join(HERE, "scenes")
    out_t = os.path.join(HERE, "transcripts")
    os.makedirs(out_s, exist_ok=True)
    os.makedirs(out_t, exist_ok=True)
    lines = ["# Blind labels for the whiteboard scenes. Written from the finding definitions only",
             "# (the labeller never saw the diagram engine). Generated by gen.py; see README.md.",
             ""]
    for sc in SCENES:
        name = sc["name"]
        with open(os.path.join(out_s, name + ".excalidraw"), "w") as f:
            json.dump(sc["scene"].dump(), f, indent=2, ensure_ascii=False)
            f.write("\n")
        ids_f = {x["id"] for x in sc["findings"]}
        assert not ids_f & set(sc["no_findings"]), name
        if sc["transcript"] is None:
            assert not ({"spoken_not_drawn", "drawn_not_explained"} & (ids_f | set(sc["no_findings"]))), name
        # every kinds key must be a live label in the scene
        live = {e.get("_label") for e in sc["scene"].els
                if e["type"] in ("rectangle", "ellipse", "diamond") and not e["isDeleted"]}
        for k in sc["kinds"]:
            assert k in live, (name, k)
        lines.append(f"[scenes.{name}]")
        lines.append(f"file = {toml_str('scenes/' + name + '.excalidraw')}")
        if sc["transcript"]:
            tp = "transcripts/" + name + ".txt"
            with open(os.path.join(HERE, tp), "w") as f:
                f.write(sc["transcript"].strip() + "\n")
            lines.append(f"transcript = {toml_str(tp)}")
        lines.append(f"description = {toml_str(sc['description'])}")
        kinds = ", ".join(f"{toml_str(k)} = {toml_str(v)}" for k, v in sc["kinds"].items())
        lines.append(f"kinds = {{ {kinds} }}")
        fs = ", ".join("{ id = %s, labels = [%s] }" % (toml_str(x["id"]), ", ".join(toml_str(l) for l in x["labels"]))
                       for x in sc["findings"])
        lines.append(f"findings = [{fs}]")
        lines.append("no_findings = [%s]" % ", ".join(toml_str(x) for x in sc["no_findings"]))
        lines.append("")
    with open(os.path.join(HERE, "labels.toml"), "w") as f:
        f.write("\n".join(lines))


if __name__ == "__main__":
    main()
