"""Golden responses of the academy dialect (seed 001): auth, subjects, groups, owners, workers,
students, attendance, scores, homework, work logs, payments, expenses, dashboard, messages."""

from __future__ import annotations

from typing import Any

from models.people import Role
from tests.golden.recorder import Golden

V1 = "/api/v1"


async def test_academy_people_and_groups(
    golden: tuple[Golden, Any], make_user: Any, login_headers: Any
) -> None:
    g, shift = golden
    admin = await make_user(Role.ADMIN, username="superadmin")
    await g.call(
        "login wrong password",
        "POST",
        f"{V1}/login/",
        json={"username": "superadmin", "password": "nope-nope"},
    )
    await g.call("login missing fields", "POST", f"{V1}/login/", json={})
    login = await g.call(
        "login", "POST", f"{V1}/login/", json={"username": "superadmin", "password": "password123"}
    )
    owner = {"Authorization": f"Bearer {login.json()['tokens']['access']}"}
    await g.call(
        "refresh",
        "POST",
        "/api/token/refresh/",
        json={"refresh": login.json()["tokens"]["refresh"]},
    )
    await g.call(
        "refresh reused",
        "POST",
        "/api/token/refresh/",
        json={"refresh": login.json()["tokens"]["refresh"]},
    )
    await g.call("refresh missing", "POST", "/api/token/refresh/", json={})
    await g.call("refresh garbage", "POST", "/api/token/refresh/", json={"refresh": "x.y.z"})
    owner = await login_headers(admin)

    # subjects
    await g.call("subjects anonymous", "GET", f"{V1}/subjects/")
    await g.call("subject missing name", "POST", f"{V1}/subjects/", json={}, headers=owner)
    await g.call("subject blank name", "POST", f"{V1}/subjects/", json={"name": " "}, headers=owner)
    await g.call(
        "subject too long", "POST", f"{V1}/subjects/", json={"name": "x" * 101}, headers=owner
    )
    await g.call("subject not an object", "POST", f"{V1}/subjects/", json=[1], headers=owner)
    subject = (
        await g.call(
            "subject create", "POST", f"{V1}/subjects/", json={"name": "IELTS"}, headers=owner
        )
    ).json()
    await g.call(
        "subject create no slash", "POST", f"{V1}/subjects", json={"name": "SAT"}, headers=owner
    )
    item = f"{V1}/subjects/{subject['id']}/"
    await g.call("subject put", "PUT", item, json={"name": "IELTS (Updated)"}, headers=owner)
    await g.call("subject put null", "PUT", item, json={"name": None}, headers=owner)
    await g.call("subject put empty", "PUT", item, json={}, headers=owner)
    await g.call("subject patch", "PATCH", item, json={"name": "IELTS"}, headers=owner)
    await g.call("subject method", "POST", item, json={}, headers=owner)
    await g.call("subject missing", "GET", f"{V1}/subjects/999/", headers=owner)
    await g.call("subject bad id", "GET", f"{V1}/subjects/abc/", headers=owner)
    await g.call("subjects list", "GET", f"{V1}/subjects/", headers=owner)

    # people
    owners = await g.call(
        "owner create",
        "POST",
        f"{V1}/owners/",
        json={
            "username": "admin001",
            "password": "secure1234",
            "first_name": "Ali",
            "last_name": "Valiyev",
            "phone": "+998901234567",
            "telegram_id": "987654321",
        },
        headers=owner,
    )
    owner_item = f"{V1}/owners/{owners.json()['id']}/"
    await g.call(
        "owner patch password",
        "PATCH",
        owner_item,
        json={"password": "new-secret-1"},
        headers=owner,
    )
    await g.call(
        "owner put",
        "PUT",
        owner_item,
        json={"username": "admin002", "first_name": "Vali"},
        headers=owner,
    )
    await g.call("owner put missing", "PUT", owner_item, json={"first_name": "Vali"}, headers=owner)
    await g.call("owners list", "GET", f"{V1}/owners/", headers=owner)
    await g.call("owner missing fields", "POST", f"{V1}/owners/", json={}, headers=owner)
    await g.call(
        "owner short password",
        "POST",
        f"{V1}/owners/",
        json={"username": "abc", "password": "1234567"},
        headers=owner,
    )
    worker = (
        await g.call(
            "worker create",
            "POST",
            f"{V1}/workers/",
            json={
                "username": "teacher01",
                "password": "mypassword1",
                "first_name": "Bobur",
                "last_name": "Toshmatov",
                "phone": "+998991234567",
            },
            headers=owner,
        )
    ).json()
    await g.call(
        "worker duplicate",
        "POST",
        f"{V1}/workers/",
        json={"username": "teacher01", "password": "long-enough"},
        headers=owner,
    )
    teacher = await login_headers(await make_user(Role.TEACHER, username="teacher02"))
    await make_user(Role.CURATOR, username="curator01", first_name="Dilnoza")
    await g.call("workers list", "GET", f"{V1}/workers/", headers=owner)
    await g.call("workers as teacher", "GET", f"{V1}/workers/", headers=teacher)
    await g.call(
        "worker patch",
        "PATCH",
        f"{V1}/workers/{worker['id']}/",
        json={"telegram_id": "555"},
        headers=owner,
    )

    # groups
    group_body = {
        "name": "IELTS-A1",
        "description": "Asosiy guruh",
        "subject": subject["id"],
        "is_active": True,
        "days": "Mon,Wed,Fri",
        "start_time": "09:00:00",
        "end_time": "12:00:00",
        "teacher": worker["id"],
    }
    group = (
        await g.call("group create", "POST", f"{V1}/groups/", json=group_body, headers=owner)
    ).json()
    await g.call("group missing", "POST", f"{V1}/groups/", json={}, headers=owner)
    await g.call(
        "group bad types",
        "POST",
        f"{V1}/groups/",
        json={"name": "A", "subject": "one", "is_active": "maybe", "start_time": "9 o'clock"},
        headers=owner,
    )
    other = (
        await g.call(
            "group create other",
            "POST",
            f"{V1}/groups/",
            json={"name": "SAT-B1", "subject": subject["id"], "is_active": False},
            headers=owner,
        )
    ).json()
    gitem = f"{V1}/groups/{group['id']}/"
    await g.call(
        "group patch",
        "PATCH",
        gitem,
        json={"days": "Mon,Tue,Wed,Thu,Fri", "start_time": "08:30"},
        headers=owner,
    )
    await g.call("group put short", "PUT", gitem, json={"name": "New"}, headers=owner)
    await g.call("group as teacher", "POST", f"{V1}/groups/", json={"name": "X"}, headers=teacher)

    student = (
        await g.call(
            "student create",
            "POST",
            f"{V1}/students/",
            json={
                "username": "student001",
                "password": "qwerty123",
                "first_name": "Jasur",
                "last_name": "Qodirov",
                "phone": "+998900000001",
                "parent_phone": "+998900000002",
                "telegram_id": "111222333",
                "group": group["id"],
            },
            headers=owner,
        )
    ).json()
    second = (
        await g.call(
            "student create second",
            "POST",
            f"{V1}/students/",
            json={
                "username": "student002",
                "password": "qwerty123",
                "first_name": "Dilnoza",
                "group": group["id"],
            },
            headers=owner,
        )
    ).json()
    await g.call(
        "student in inactive group",
        "POST",
        f"{V1}/students/",
        json={"username": "student003", "password": "qwerty123", "group": other["id"]},
        headers=owner,
    )
    sitem = f"{V1}/students/{second['id']}/"
    await g.call("student move", "PATCH", sitem, json={"group": other["id"]}, headers=owner)
    await g.call("student ungroup", "PATCH", sitem, json={"group": None}, headers=owner)
    await g.call("student back", "PATCH", sitem, json={"group": group["id"]}, headers=owner)
    await g.call(
        "student put", "PUT", sitem, json={"username": "student002", "phone": None}, headers=owner
    )
    me = await g.call(
        "student login",
        "POST",
        f"{V1}/login/",
        json={"username": "student001", "password": "qwerty123"},
    )
    mine = {"Authorization": f"Bearer {me.json()['tokens']['access']}"}
    await g.call(
        "student edits self", "PATCH", f"{V1}/students/{student['id']}/", json={}, headers=mine
    )
    await g.call("student reads students", "GET", f"{V1}/students/", headers=mine)
    await g.call("students list", "GET", f"{V1}/students/", headers=owner)
    await g.call(
        "students of group", "GET", f"{V1}/students/?group_id={group['id']}", headers=teacher
    )
    await g.call("groups list", "GET", f"{V1}/groups/", headers=owner)
    await g.call("group detail", "GET", gitem, headers=teacher)

    # attendance, scores, homework, work logs
    await g.call(
        "attendance create",
        "POST",
        f"{V1}/attendance/",
        json={"student": student["id"], "group": group["id"], "status": "keldi", "marked_by": 1},
        headers=teacher,
    )
    await g.call(
        "attendance duplicate",
        "POST",
        f"{V1}/attendance/",
        json={"student": student["id"], "group": group["id"], "status": "kechikdi"},
        headers=teacher,
    )
    await g.call("attendance missing", "POST", f"{V1}/attendance/", json={}, headers=owner)
    await g.call(
        "attendance wrong people",
        "POST",
        f"{V1}/attendance/",
        json={"student": worker["id"], "group": other["id"], "status": "yo'q"},
        headers=owner,
    )
    await g.call(
        "attendance bad types",
        "POST",
        f"{V1}/attendance/",
        json={"student": "x", "group": 1, "status": 1},
        headers=owner,
    )
    await g.call(
        "attendance nulls",
        "POST",
        f"{V1}/attendance/",
        json={"student": None, "group": None},
        headers=owner,
    )
    bulk = await g.call(
        "attendance bulk",
        "POST",
        f"{V1}/attendance/bulk_create/",
        json={"group_id": group["id"]},
        headers=teacher,
    )
    await g.call(
        "attendance bulk again",
        "POST",
        f"{V1}/attendance/bulk_create/",
        json={"group_id": group["id"]},
        headers=owner,
    )
    await g.call(
        "attendance bulk missing", "POST", f"{V1}/attendance/bulk_create/", json={}, headers=owner
    )
    await g.call(
        "attendance bulk unknown",
        "POST",
        f"{V1}/attendance/bulk_create/",
        json={"group_id": 999},
        headers=owner,
    )
    await g.call(
        "attendance bulk inactive",
        "POST",
        f"{V1}/attendance/bulk_create/",
        json={"group_id": other["id"]},
        headers=owner,
    )
    await g.call(
        "attendance bulk student",
        "POST",
        f"{V1}/attendance/bulk_create/",
        json={"group_id": group["id"]},
        headers=mine,
    )
    assert bulk.status_code in (200, 201), bulk.text
    listed = (await g.call("attendance list", "GET", f"{V1}/attendance/", headers=owner)).json()
    first = listed[0]["id"] if isinstance(listed, list) else listed["results"][0]["id"]
    aitem = f"{V1}/attendance/{first}/"
    await g.call("attendance patch", "PATCH", aitem, json={"status": "kechikdi"}, headers=teacher)
    await g.call("attendance put", "PUT", aitem, json={"status": "keldi"}, headers=teacher)
    await g.call(
        "attendance clash", "PATCH", aitem, json={"student": second["id"]}, headers=teacher
    )
    await g.call("attendance as student", "GET", f"{V1}/attendance/", headers=mine)
    await g.call("attendance student write", "POST", f"{V1}/attendance/", json={}, headers=mine)
    await g.call("attendance detail", "GET", aitem, headers=owner)
    await g.call("attendance delete", "DELETE", aitem, headers=owner)
    await g.call("attendance gone", "GET", aitem, headers=owner)

    score = await g.call(
        "score create",
        "POST",
        f"{V1}/scores/",
        json={"student": student["id"], "group": group["id"], "score": 85, "given_by": 1},
        headers=teacher,
    )
    await g.call(
        "score zero",
        "POST",
        f"{V1}/scores/",
        json={"student": student["id"], "group": group["id"], "score": 0},
        headers=teacher,
    )
    await g.call(
        "score too high",
        "POST",
        f"{V1}/scores/",
        json={"student": student["id"], "group": group["id"], "score": 101},
        headers=teacher,
    )
    await g.call(
        "score wrong people",
        "POST",
        f"{V1}/scores/",
        json={"student": worker["id"], "group": other["id"], "score": 50},
        headers=teacher,
    )
    await g.call("score missing", "POST", f"{V1}/scores/", json={}, headers=teacher)
    sc = f"{V1}/scores/{score.json()['id']}/"
    await g.call("score patch", "PATCH", sc, json={"score": 95}, headers=teacher)
    await g.call("scores list", "GET", f"{V1}/scores/", headers=owner)
    await g.call("scores mine", "GET", f"{V1}/scores/", headers=mine)
    await g.call("score detail", "GET", sc, headers=owner)

    hw = await g.call(
        "homework create",
        "POST",
        f"{V1}/homework/",
        json={"group": group["id"], "text": "Read p. 3"},
        headers=teacher,
    )
    await g.call(
        "homework multipart",
        "POST",
        f"{V1}/homework/",
        data={"group": str(group["id"]), "text": "Essay"},
        files={"file": ("essay.pdf", b"%PDF-1.4 essay", "application/pdf")},
        headers=teacher,
    )
    await g.call(
        "homework neither", "POST", f"{V1}/homework/", json={"group": group["id"]}, headers=teacher
    )
    await g.call(
        "homework blank",
        "POST",
        f"{V1}/homework/",
        data={"group": str(group["id"]), "text": "  "},
        headers=teacher,
    )
    await g.call(
        "homework missing group", "POST", f"{V1}/homework/", json={"text": "x"}, headers=teacher
    )
    await g.call(
        "homework bad group",
        "POST",
        f"{V1}/homework/",
        data={"group": "one", "text": "x"},
        headers=teacher,
    )
    await g.call(
        "homework inactive",
        "POST",
        f"{V1}/homework/",
        json={"group": other["id"], "text": "x"},
        headers=teacher,
    )
    await g.call(
        "homework student",
        "POST",
        f"{V1}/homework/",
        json={"group": group["id"], "text": "x"},
        headers=mine,
    )
    hitem = f"{V1}/homework/{hw.json()['id']}/"
    await g.call(
        "homework patch", "PATCH", hitem, json={"file": None, "text": "Read p. 4"}, headers=teacher
    )
    await g.call("homework put", "PUT", hitem, json={"text": "x"}, headers=teacher)
    await g.call("homework list", "GET", f"{V1}/homework/", headers=owner)
    await g.call("homework mine", "GET", f"{V1}/homework/my-homework/", headers=mine)
    await g.call("homework my as teacher", "GET", f"{V1}/homework/my-homework/", headers=teacher)
    await g.call("homework delete", "DELETE", hitem, headers=teacher)

    logs = await g.call("work logs", "GET", f"{V1}/work-logs/", headers=owner)
    first_log = (
        logs.json()[0]["id"] if isinstance(logs.json(), list) else logs.json()["results"][0]["id"]
    )
    await g.call("work log", "GET", f"{V1}/work-logs/{first_log}/", headers=owner)
    await g.call("work log write", "POST", f"{V1}/work-logs/", json={}, headers=owner)
    await g.call("work logs student", "GET", f"{V1}/work-logs/", headers=mine)

    await g.call("group rating", "GET", f"{V1}/groups/rating/", headers=mine)
    await g.call(
        "student rating", "GET", f"{V1}/students/rating/?group_id={group['id']}", headers=mine
    )
    await g.call("student rating no group", "GET", f"{V1}/students/rating/", headers=owner)

    # payments, expenses, dashboard, messages
    pay = {
        "student": student["id"],
        "group": group["id"],
        "amount": "600000.00",
        "months": [{"year": 2025, "month": 1}, {"year": 2025, "month": 2}],
    }
    p = await g.call("payment create", "POST", f"{V1}/payments/", json=pay, headers=owner)
    await g.call(
        "payment bad amount", "POST", f"{V1}/payments/", json={**pay, "amount": "-1"}, headers=owner
    )
    await g.call("payment missing", "POST", f"{V1}/payments/", json={}, headers=owner)
    await g.call(
        "payment bad months",
        "POST",
        f"{V1}/payments/",
        json={**pay, "months": [{"year": 2025, "month": 13}]},
        headers=owner,
    )
    await g.call("payment as teacher", "POST", f"{V1}/payments/", json=pay, headers=teacher)
    pitem = f"{V1}/payments/{p.json()['id']}/"
    await g.call(
        "payment patch months",
        "PATCH",
        pitem,
        json={"months": [{"year": 2025, "month": 4}]},
        headers=owner,
    )
    await g.call(
        "payment patch amount", "PATCH", pitem, json={"amount": "650000.50"}, headers=owner
    )
    await g.call("payments list", "GET", f"{V1}/payments/", headers=teacher)
    await g.call("payments mine", "GET", f"{V1}/payments/my-payments/", headers=mine)
    await g.call("payments as student", "GET", f"{V1}/payments/", headers=mine)
    await g.call("payment detail", "GET", pitem, headers=owner)
    e = await g.call(
        "expense create",
        "POST",
        f"{V1}/expenses/",
        json={"recipient": "IjaraChiqimi", "amount": "1500000.00", "reason": "Ijara"},
        headers=owner,
    )
    await g.call(
        "expense too long", "POST", f"{V1}/expenses/", json={"recipient": "x" * 256}, headers=owner
    )
    await g.call(
        "expense blank reason",
        "POST",
        f"{V1}/expenses/",
        json={"recipient_user": student["id"], "amount": "1.00", "reason": " "},
        headers=owner,
    )
    eitem = f"{V1}/expenses/{e.json()['id']}/"
    await g.call(
        "expense patch", "PATCH", eitem, json={"reason": "Mart uchun maosh"}, headers=owner
    )
    await g.call("expense put", "PUT", eitem, json={"recipient": "Maosh"}, headers=owner)
    await g.call("expenses list", "GET", f"{V1}/expenses/", headers=teacher)
    await g.call("expenses student", "GET", f"{V1}/expenses/", headers=mine)
    await g.call("dashboard", "GET", f"{V1}/dashboard/", headers=owner)
    await g.call("dashboard student", "GET", f"{V1}/dashboard/", headers=mine)
    m = await g.call(
        "message send",
        "POST",
        f"{V1}/messages/",
        json={
            "text": "Ertaga dars yo'q!",
            "recipient_ids": [student["id"], second["id"]],
            "sent_by": 1,
        },
        headers=owner,
    )
    await g.call("message missing", "POST", f"{V1}/messages/", json={}, headers=owner)
    await g.call(
        "message unknown recipient",
        "POST",
        f"{V1}/messages/",
        json={"text": "hi", "recipient_ids": [999]},
        headers=owner,
    )
    await g.call(
        "message as teacher",
        "POST",
        f"{V1}/messages/",
        json={"text": "hi", "recipient_ids": [student["id"]]},
        headers=teacher,
    )
    await g.call("messages list", "GET", f"{V1}/messages/", headers=teacher)
    await g.call("messages student", "GET", f"{V1}/messages/", headers=mine)
    mitem = f"{V1}/messages/{m.json()['id']}/"
    await g.call("message detail", "GET", mitem, headers=owner)
    await g.call("message put", "PUT", mitem, json={}, headers=owner)
    await g.call("message delete", "DELETE", mitem, headers=owner)

    # deletions at the end
    await g.call("payment delete", "DELETE", pitem, headers=owner)
    await g.call("expense delete", "DELETE", eitem, headers=owner)
    await g.call("score delete", "DELETE", sc, headers=owner)
    await g.call("student delete as teacher", "DELETE", sitem, headers=teacher)
    await g.call("student delete", "DELETE", sitem, headers=owner)
    await g.call("owner delete", "DELETE", owner_item, headers=owner)
    await g.call("group delete", "DELETE", f"{V1}/groups/{other['id']}/", headers=owner)
    await g.call("subject delete in use", "DELETE", item, headers=owner)
    await g.call("unknown route", "GET", f"{V1}/nothing-here/", headers=owner)
    shift(days=1)
    await g.call("dashboard tomorrow", "GET", f"{V1}/dashboard/", headers=owner)
    g.check()
