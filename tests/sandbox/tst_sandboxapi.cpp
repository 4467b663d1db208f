#include "sandbox/sandboxapi.h"
#include "sandboxtesthelpers.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace fw::sandbox;
using test::json;
using test::request;

class tst_SandboxApi : public QObject
{
    Q_OBJECT

private:
    static QByteArray targetOf(const QString &url)
    {
        const QUrl parsed(url);
        return parsed.path(QUrl::FullyEncoded).toLatin1() + '?' + parsed.query(QUrl::FullyEncoded).toLatin1();
    }

    static QString createDestination(Sandbox &sandbox)
    {
        const auto response = sandbox.api().handle(request("POST", "/api/v2/alert_push_destinations/",
            test::body({{u"name"_s, u"ops"_s}, {u"endpoint"_s, QJsonObject{{u"url"_s, u"https://example.invalid/hook"_s}}},
                        {u"authentication"_s, QJsonObject{{u"secret"_s, u"s3cret"_s}}}})));
        return json(response).value(u"destination_config_id"_s).toString();
    }

private Q_SLOTS:
    void refusesMissingOrWrongKeys_data()
    {
        QTest::addColumn<QByteArray>("dropped");
        QTest::addColumn<QByteArray>("wrongValue");
        QTest::newRow("no keys at all") << QByteArray("*") << QByteArray();
        QTest::newRow("missing ECM key") << QByteArray("X-ECM-API-KEY") << QByteArray();
        QTest::newRow("wrong CP key") << QByteArray() << QByteArray("X-CP-API-KEY");
    }
    void refusesMissingOrWrongKeys()
    {
        QFETCH(QByteArray, dropped);
        QFETCH(QByteArray, wrongValue);
        Sandbox sandbox(test::testOptions());
        auto r = request("GET", "/api/v2/routers/", {}, dropped != "*");
        r.headers.removeIf([&](const auto &h) { return h.first == dropped; });
        for (auto &h : r.headers) {
            if (h.first == wrongValue)
                h.second = "nope";
        }
        const auto response = sandbox.api().handle(r);
        QCOMPARE(response.status, 401);
        QVERIFY(!json(response).value(u"errors"_s).toArray().at(0).toObject().value(u"message"_s).toString().isEmpty());
    }

    void redirectsToTheSlashedPathAndCountsIt()
    {
        Sandbox sandbox(test::testOptions());
        const auto response = sandbox.api().handle(request("GET", "/api/v2/routers?limit=5&state=online"));
        QCOMPARE(response.status, 301);
        QCOMPARE(test::header(response, "Location"), "http://127.0.0.1/api/v2/routers/?limit=5&state=online");
        const QJsonObject stats = sandbox.api().statistics();
        QCOMPARE(stats.value(u"total"_s).toInt(), 1);
        QCOMPARE(stats.value(u"status_codes"_s).toObject().value(u"301"_s).toInt(), 1);
        QCOMPARE(stats.value(u"endpoints"_s).toObject().value(u"routers"_s).toInt(), 1);
    }

    void pagesFollowMetaNextAcrossTwelveHundredRouters()
    {
        Sandbox sandbox(test::testOptions(1200));
        sandbox.api().setOrigin(QUrl(u"http://127.0.0.1:9999"_s));
        QByteArray target = "/api/v2/routers/?limit=500&fields=id,state";
        QSet<QString> ids;
        int pages = 0;
        while (!target.isEmpty()) {
            const QJsonObject page = json(sandbox.api().handle(request("GET", target)));
            const QJsonObject meta = page.value(u"meta"_s).toObject();
            QCOMPARE(meta.value(u"limit"_s).toInt(), 500);
            QCOMPARE(meta.value(u"offset"_s).toInt(), pages * 500);
            QCOMPARE(meta.value(u"previous"_s).isNull(), pages == 0);
            const QJsonArray data = page.value(u"data"_s).toArray();
            for (const QJsonValue &router : data)
                ids.insert(router.toObject().value(u"id"_s).toString());
            ++pages;
            const QJsonValue next = meta.value(u"next"_s);
            if (!next.isNull()) {
                QVERIFY(next.toString().startsWith(u"http://127.0.0.1:9999/api/v2/routers/?"_s));
                QVERIFY(next.toString().contains(u"fields=id,state"_s));
            }
            target = next.isNull() ? QByteArray() : targetOf(next.toString());
        }
        QCOMPARE(pages, 3);
        QCOMPARE(ids.size(), 1200);
    }

    void limitDefaultsToTwentyAndClampsAtFiveHundred_data()
    {
        QTest::addColumn<QByteArray>("target");
        QTest::addColumn<int>("count");
        QTest::newRow("default") << QByteArray("/api/v2/routers/") << 20;
        QTest::newRow("clamped") << QByteArray("/api/v2/routers/?limit=2000") << 500;
    }
    void limitDefaultsToTwentyAndClampsAtFiveHundred()
    {
        QFETCH(QByteArray, target);
        QFETCH(int, count);
        Sandbox sandbox(test::testOptions(700));
        const QJsonObject page = json(sandbox.api().handle(request("GET", target)));
        QCOMPARE(page.value(u"data"_s).toArray().size(), count);
        QCOMPARE(page.value(u"meta"_s).toObject().value(u"limit"_s).toInt(), count);
    }

    void filtersSelect()
    {
        Sandbox sandbox(test::testOptions(100));
        const QJsonArray picked = json(sandbox.api().handle(
            request("GET", "/api/v2/routers/?id__in=2100003,2100007,999&fields=id"))).value(u"data"_s).toArray();
        QCOMPARE(picked.size(), 2);
        QCOMPARE(picked.at(0).toObject().value(u"id"_s).toString(), u"2100003"_s);

        const QJsonArray above = json(sandbox.api().handle(
            request("GET", "/api/v2/routers/?id__gt=2100095&limit=50"))).value(u"data"_s).toArray();
        QCOMPARE(above.size(), 4);
    }

    void stateAndTimeFiltersAgreeWithTheFleet()
    {
        Sandbox sandbox(test::testOptions(400, 12));
        sandbox.advance(8LL * 3600 * 1000000);
        const qint64 since = test::testStart() + 2LL * 3600 * 1000000;
        int offline = 0;
        int changed = 0;
        for (const Router &router : sandbox.fleet().routers()) {
            offline += router.state == RouterState::Offline;
            changed += router.stateUpdatedUs > since;
        }
        QVERIFY(changed > 0);
        const auto count = [&sandbox](const QByteArray &target) {
            return json(sandbox.api().handle(request("GET", target))).value(u"data"_s).toArray().size();
        };
        QCOMPARE(count("/api/v2/routers/?limit=500&state=offline"), offline);
        QCOMPARE(count("/api/v2/routers/?limit=500&state__in=offline,initialized"), offline);
        QCOMPARE(count("/api/v2/routers/?limit=500&state_updated_at__gt=" + QUrl::toPercentEncoding(isoTime(since))), changed);
        QCOMPARE(count("/api/v2/routers/?limit=500&group__in=3101&state=online&fields=id"),
                 std::count_if(sandbox.fleet().routers().begin(), sandbox.fleet().routers().end(), [&](const Router &r) {
                     return r.group == 0 && r.state == RouterState::Online;
                 }));
    }

    void refusesMoreThanOneHundredInValues()
    {
        Sandbox sandbox(test::testOptions());
        QByteArray ids;
        for (int i = 0; i < 101; ++i)
            ids += QByteArray::number(2100000 + i) + ',';
        ids.chop(1);
        QCOMPARE(sandbox.api().handle(request("GET", "/api/v2/routers/?id__in=" + ids)).status, 400);
    }

    void refusesUnknownFilterFields()
    {
        Sandbox sandbox(test::testOptions());
        QCOMPARE(sandbox.api().handle(request("GET", "/api/v2/routers/?colour=red")).status, 400);
    }

    void fieldsTrimAndExpandInlines()
    {
        Sandbox sandbox(test::testOptions());
        const QJsonObject router = json(sandbox.api().handle(request(
            "GET", "/api/v2/routers/?limit=1&fields=id,name,group,account&expand=group,account")))
                                       .value(u"data"_s).toArray().at(0).toObject();
        QCOMPARE(router.keys(), (QStringList{u"account"_s, u"group"_s, u"id"_s, u"name"_s}));
        QVERIFY(router.value(u"group"_s).toObject().contains(u"name"_s));
        QVERIFY(router.value(u"account"_s).toObject().contains(u"name"_s));

        const QJsonObject plain = json(sandbox.api().handle(request("GET", "/api/v2/routers/2100000/")));
        QVERIFY(plain.value(u"group"_s).toString().startsWith(u"http://127.0.0.1/api/v2/groups/"_s));
    }

    void recordsUseStringIdsAndNcmTimes()
    {
        Sandbox sandbox(test::testOptions());
        sandbox.advance(3LL * 3600 * 1000000);
        static const QRegularExpression time(u"^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}(\\+00:00|Z)$"_s);
        for (const char *target : {"/api/v2/routers/", "/api/v2/net_devices/", "/api/v2/alerts/"}) {
            const QJsonArray data = json(sandbox.api().handle(request("GET", target))).value(u"data"_s).toArray();
            QVERIFY2(!data.isEmpty(), target);
            for (const QJsonValue &value : data) {
                const QJsonObject record = value.toObject();
                if (record.contains(u"id"_s))
                    QVERIFY(record.value(u"id"_s).isString());
                const QString created = record.value(u"created_at"_s).toString(record.value(u"updated_at"_s).toString());
                QVERIFY2(time.match(created).hasMatch(), qPrintable(created));
            }
        }
    }

    void requiredFiltersAnswerConflict_data()
    {
        QTest::addColumn<QByteArray>("target");
        QTest::addColumn<int>("status");
        QTest::newRow("signal samples without net_device") << QByteArray("/api/v2/net_device_signal_samples/") << 409;
        QTest::newRow("signal samples with net_device") << QByteArray("/api/v2/net_device_signal_samples/?net_device=8500000") << 200;
        QTest::newRow("state samples without router") << QByteArray("/api/v2/router_state_samples/") << 409;
        QTest::newRow("historical locations without router") << QByteArray("/api/v2/historical_locations/") << 409;
        QTest::newRow("historical locations with router__in") << QByteArray("/api/v2/historical_locations/?router__in=2100001,2100002") << 200;
        QTest::newRow("batteries without router") << QByteArray("/api/v2/batteries/") << 409;
        QTest::newRow("batteries with router") << QByteArray("/api/v2/batteries/?router=2100001") << 200;
        QTest::newRow("alerts with order_by") << QByteArray("/api/v2/alerts/?order_by=created_at") << 409;
        QTest::newRow("alerts without") << QByteArray("/api/v2/alerts/?created_at__gt=2026-01-05T08:00:00.000000%2B00:00") << 200;
        QTest::newRow("routers with order_by") << QByteArray("/api/v2/routers/?order_by=-name") << 200;
    }
    void requiredFiltersAnswerConflict()
    {
        QFETCH(QByteArray, target);
        QFETCH(int, status);
        Sandbox sandbox(test::testOptions());
        QCOMPARE(sandbox.api().handle(request("GET", target)).status, status);
    }

    void signalSamplesArePerDevice()
    {
        Sandbox sandbox(test::testOptions());
        sandbox.advance(30LL * 60 * 1000000);
        const QJsonArray samples = json(sandbox.api().handle(request(
            "GET", "/api/v2/net_device_signal_samples/?net_device=8500000&limit=100"))).value(u"data"_s).toArray();
        QCOMPARE(samples.size(), 30);
        for (const QJsonValue &sample : samples)
            QVERIFY(sample.toObject().value(u"net_device"_s).toString().endsWith(u"/net_devices/8500000/"_s));
    }

    void throttlesWithRetryAfter()
    {
        SandboxOptions options = test::testOptions();
        options.api.rateLimitPerMinute = 3;
        Sandbox sandbox(options);
        qint64 nowMs = 1000;
        sandbox.api().setWallClock([&nowMs] { return nowMs; });
        for (int i = 0; i < 3; ++i)
            QCOMPARE(sandbox.api().handle(request("GET", "/api/v2/groups/")).status, 200);
        nowMs += 20000;
        const auto refused = sandbox.api().handle(request("GET", "/api/v2/groups/"));
        QCOMPARE(refused.status, 429);
        QCOMPARE(test::header(refused, "Retry-After"), "40");
        nowMs += 40001;
        QCOMPARE(sandbox.api().handle(request("GET", "/api/v2/groups/")).status, 200);
    }

    void injectsShardErrors()
    {
        SandboxOptions options = test::testOptions();
        options.api.faultRate = 1.0;
        Sandbox sandbox(options);
        int shardErrors = 0;
        for (int i = 0; i < 30; ++i) {
            const auto response = sandbox.api().handle(request("GET", "/api/v2/routers/"));
            QVERIFY(response.status == 500 || response.status == 503);
            if (response.status == 500) {
                QVERIFY(response.body.contains("shard-router-"));
                ++shardErrors;
            }
        }
        QVERIFY(shardErrors > 0 && shardErrors < 30);
    }

    void destinationsCrudNeverShowTheSecret()
    {
        Sandbox sandbox(test::testOptions());
        const QString id = createDestination(sandbox);
        QVERIFY(!id.isEmpty());
        const QByteArray item = "/api/v2/alert_push_destinations/" + id.toLatin1() + '/';

        const QJsonObject read = json(sandbox.api().handle(request("GET", item)));
        QCOMPARE(read.value(u"authentication"_s).toObject().value(u"secret"_s).toString(), u"*"_s);
        QCOMPARE(read.value(u"suspended"_s).toBool(), false);
        QVERIFY(read.value(u"last_error_at"_s).isNull());
        QVERIFY(!sandbox.api().handle(request("GET", "/api/v2/alert_push_destinations/")).body.contains("s3cret"));

        const auto patched = sandbox.api().handle(request("PATCH", item, test::body({{u"name"_s, u"renamed"_s}})));
        QCOMPARE(patched.status, 200);
        QCOMPARE(json(patched).value(u"name"_s).toString(), u"renamed"_s);
        QCOMPARE(json(patched).value(u"endpoint"_s).toObject().value(u"url"_s).toString(), u"https://example.invalid/hook"_s);

        const auto put = sandbox.api().handle(request("PUT", item, test::body(
            {{u"name"_s, u"put"_s}, {u"endpoint"_s, QJsonObject{{u"url"_s, u"http://127.0.0.1:1/x"_s}}}})));
        QCOMPARE(put.status, 200);
        QCOMPARE(sandbox.api().handle(request("DELETE", item)).status, 204);
        QCOMPARE(sandbox.api().handle(request("GET", item)).status, 404);
    }

    void destinationValidation_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("field");
        QTest::newRow("no name") << QByteArray("{\"endpoint\":{\"url\":\"https://a.example/\"},\"authentication\":{\"secret\":\"x\"}}") << u"name"_s;
        QTest::newRow("ftp url") << QByteArray("{\"name\":\"n\",\"endpoint\":{\"url\":\"ftp://a.example/\"},\"authentication\":{\"secret\":\"x\"}}") << u"endpoint"_s;
        QTest::newRow("no secret") << QByteArray("{\"name\":\"n\",\"endpoint\":{\"url\":\"https://a.example/\"}}") << u"authentication"_s;
        QTest::newRow("enabled not bool") << QByteArray("{\"name\":\"n\",\"endpoint\":{\"url\":\"https://a.example/\"},\"authentication\":{\"secret\":\"x\"},\"enabled\":\"yes\"}") << u"enabled"_s;
    }
    void destinationValidation()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, field);
        Sandbox sandbox(test::testOptions());
        const auto response = sandbox.api().handle(request("POST", "/api/v2/alert_push_destinations/", body));
        QCOMPARE(response.status, 400);
        QVERIFY(test::namesField(response, field));
        QCOMPARE(sandbox.engine().destinations().size(), 0);
    }

    void rulesCrud()
    {
        Sandbox sandbox(test::testOptions());
        const QString destination = createDestination(sandbox);
        const auto created = sandbox.api().handle(request("POST", "/api/v2/alert_rules/", test::body({
            {u"associated_groups"_s, QJsonArray{u"3101"_s}},
            {u"filter_criteria"_s, QJsonObject{{u"alert_type__in"_s, QJsonArray{u"connection_state"_s}}}},
            {u"http_destinations"_s, QJsonArray{destination}}})));
        QCOMPARE(created.status, 201);
        const QString id = json(created).value(u"alert_config_id"_s).toString();
        QVERIFY(QUuid::fromString(id).version() == QUuid::Time);
        const QByteArray item = "/api/v2/alert_rules/" + id.toLatin1() + '/';

        const auto patched = sandbox.api().handle(request("PATCH", item, test::body({
            {u"associated_accounts"_s, QJsonArray{u"https://x/api/v2/accounts/1002/"_s}}})));
        QCOMPARE(patched.status, 200);
        QCOMPARE(json(patched).value(u"associated_accounts"_s).toArray(), QJsonArray{u"1002"_s});
        QCOMPARE(json(patched).value(u"associated_groups"_s).toArray(), QJsonArray{u"3101"_s});

        const auto put = sandbox.api().handle(request("PUT", item, test::body({
            {u"associated_groups"_s, QJsonArray{3102}},
            {u"filter_criteria"_s, QJsonObject{{u"alert_type__in"_s, QJsonArray{u"wwan_connected"_s}}}}})));
        QCOMPARE(put.status, 200);
        QCOMPARE(json(put).value(u"http_destinations"_s).toArray().size(), 0);
        QCOMPARE(json(sandbox.api().handle(request("GET", "/api/v2/alert_rules/"))).value(u"data"_s).toArray().size(), 1);

        QCOMPARE(sandbox.api().handle(request("DELETE", item)).status, 204);
        QCOMPARE(sandbox.api().handle(request("DELETE", item)).status, 404);
    }

    void ruleValidation_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("field");
        QTest::newRow("no filter criteria") << QByteArray("{\"associated_groups\":[\"3101\"]}") << u"filter_criteria"_s;
        QTest::newRow("empty type list") << QByteArray("{\"filter_criteria\":{\"alert_type__in\":[]}}") << u"filter_criteria"_s;
        QTest::newRow("unknown group") << QByteArray("{\"filter_criteria\":{\"alert_type__in\":[\"x\"]},\"associated_groups\":[\"1\"]}") << u"associated_groups"_s;
        QTest::newRow("unknown destination") << QByteArray("{\"filter_criteria\":{\"alert_type__in\":[\"x\"]},\"http_destinations\":[\"nope\"]}") << u"http_destinations"_s;
        QTest::newRow("groups not a list") << QByteArray("{\"filter_criteria\":{\"alert_type__in\":[\"x\"]},\"associated_groups\":\"3101\"}") << u"associated_groups"_s;
        QTest::newRow("settings not an object") << QByteArray("{\"filter_criteria\":{\"alert_type__in\":[\"x\"]},\"settings\":[]}") << u"settings"_s;
    }
    void ruleValidation()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, field);
        Sandbox sandbox(test::testOptions());
        const auto response = sandbox.api().handle(request("POST", "/api/v2/alert_rules/", body));
        QCOMPARE(response.status, 400);
        QVERIFY2(test::namesField(response, field), response.body.constData());
        QCOMPARE(sandbox.engine().rules().size(), 0);
    }

    void refusesBodiesThatAreNoObject()
    {
        Sandbox sandbox(test::testOptions());
        QCOMPARE(sandbox.api().handle(request("POST", "/api/v2/alert_rules/", "[1,2]")).status, 400);
        QCOMPARE(sandbox.api().handle(request("POST", "/api/v2/alert_rules/", "{nope")).status, 400);
        QCOMPARE(sandbox.api().handle(request("POST", "/api/v2/routers/", "{}")).status, 405);
    }

    void patchesRouterNames()
    {
        Sandbox sandbox(test::testOptions());
        const auto response = sandbox.api().handle(request("PATCH", "/api/v2/routers/2100004/", "{\"name\":\"Bus 4\"}"));
        QCOMPARE(response.status, 200);
        QCOMPARE(json(sandbox.api().handle(request("GET", "/api/v2/routers/2100004/"))).value(u"name"_s).toString(), u"Bus 4"_s);
        QCOMPARE(sandbox.api().handle(request("PATCH", "/api/v2/routers/2100004/", "{\"state\":\"offline\"}")).status, 400);
    }

    void statisticsCountPerEndpointAndDay()
    {
        Sandbox sandbox(test::testOptions());
        sandbox.api().handle(request("GET", "/api/v2/routers/"));
        sandbox.api().handle(request("GET", "/api/v2/routers/"));
        sandbox.api().handle(request("GET", "/api/v2/groups/", {}, false));
        const auto response = sandbox.api().handle(request("GET", "/sandbox/stats", {}, false));
        QCOMPARE(response.status, 200);
        const QJsonObject stats = json(response);
        QCOMPARE(stats.value(u"total"_s).toInt(), 3);
        QCOMPARE(stats.value(u"endpoints"_s).toObject().value(u"routers"_s).toInt(), 2);
        QCOMPARE(stats.value(u"days"_s).toObject().value(u"2026-01-05"_s).toObject().value(u"total"_s).toInt(), 3);
        QCOMPARE(stats.value(u"simulated_time"_s).toString(), u"2026-01-05T08:00:00.000000+00:00"_s);
    }
};

QTEST_GUILESS_MAIN(tst_SandboxApi)
#include "tst_sandboxapi.moc"
