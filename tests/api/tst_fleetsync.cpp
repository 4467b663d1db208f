#include "api/callledger.h"
#include "api/clock.h"
#include "api/fakencmserver.h"
#include "api/fakesyncsink.h"
#include "api/fleetsync.h"
#include "api/ncmclient.h"

#include <QSignalSpy>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace fw::api;
using fw::test::FakeNcmServer;
using fw::test::FakeRequest;
using fw::test::FakeResponse;
using fw::test::FakeSyncSink;
using fw::test::listPage;

namespace {

// A small fleet: three routers, one with a battery model.
FakeResponse fleetAnswer(const FakeRequest &request, const QUrl &base)
{
    const QString endpoint = request.path.section(u'/', 3, 3);
    const QByteArray router = base.toString().toUtf8() + "routers/";
    if (endpoint == "accounts"_L1)
        return FakeResponse::json(listPage({R"({"id": "7", "name": "NOC", "account": null})"}));
    if (endpoint == "groups"_L1)
        return FakeResponse::json(listPage({R"({"id": 12, "name": "Buses", "account": "https://x/api/v2/accounts/7/"})"}));
    if (endpoint == "routers"_L1) {
        return FakeResponse::json(listPage({
            R"({"id": "1", "name": "bus-1", "state": "online", "state_updated_at": "2026-01-01T10:00:00.123456+00:00", "group": {"id": "12", "name": "Buses"}, "full_product_name": "IBR900-600M"})",
            R"({"id": "2", "name": "bus-2", "state": "offline", "state_updated_at": "2026-01-01T11:00:00.654321+00:00", "full_product_name": "E300-C18B"})",
            R"({"id": "3", "name": "depot", "state": "online", "state_updated_at": "2026-01-01T09:00:00Z", "full_product_name": "IBR1700-600M"})"}));
    }
    if (endpoint == "locations"_L1)
        return FakeResponse::json(listPage({"{\"id\": \"l1\", \"router\": \"" + router + "1/\", \"latitude\": 52.5, \"longitude\": 13.4, \"accuracy\": 8}"}));
    if (endpoint == "net_devices"_L1)
        return FakeResponse::json(listPage({"{\"id\": \"m1\", \"router\": \"" + router + "1/\", \"mode\": \"wan\", \"is_asset\": true, \"carrier\": \"Telekom\"}"}));
    if (endpoint == "net_device_metrics"_L1)
        return FakeResponse::json(listPage({R"({"id": "m1", "rsrp": -95.5, "sinr": "12", "signal_strength": 70, "update_ts": "2026-01-01T11:59:00.000001+00:00"})"}));
    if (endpoint == "net_device_health"_L1)
        return FakeResponse::json(listPage({R"({"net_device": "https://x/api/v2/net_devices/m1/", "cellular_health_score": 81, "cellular_health_category": "good"})"}));
    if (endpoint == "batteries"_L1) {
        const QByteArray id = request.query.queryItemValue(u"router"_s).toUtf8();
        return FakeResponse::json(listPage({"{\"router\": \"" + router + id + "/\", \"rsoc\": 64, \"updated_at\": \"2026-01-01T11:00:00+00:00\"}"}));
    }
    return {404, {}, {}};
}

} // namespace

class tst_FleetSync final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void fullSyncDeliversEverything();
    void fullSyncCostsOneCallPerSmallList();
    void badRecordDeliversNothing_data();
    void badRecordDeliversNothing();
    void batteriesOnlyForBatteryModels();
    void reconcileAsksOnlyForChanges();
    void reconcileNeedsASync();
    void parsesNcmTimes_data();
    void parsesNcmTimes();

private:
    void makeSync(const SyncOptions &options = {});
    QString runFullSync();

    std::unique_ptr<FakeNcmServer> m_server;
    std::unique_ptr<SystemClock> m_clock;
    std::unique_ptr<CallLedger> m_ledger;
    std::unique_ptr<NcmClient> m_client;
    std::unique_ptr<FakeSyncSink> m_sink;
    std::unique_ptr<FleetSync> m_sync;
};

void tst_FleetSync::init()
{
    m_server = std::make_unique<FakeNcmServer>();
    QVERIFY(m_server->start());
    const QUrl base = m_server->baseUrl();
    m_server->setHandler([base](const FakeRequest &request) { return fleetAnswer(request, base); });
    m_clock = std::make_unique<SystemClock>(1000.0);
    m_ledger = std::make_unique<CallLedger>(std::make_unique<MemoryCallCountStore>(), m_clock.get());
    ClientOptions options;
    options.baseUrl = base;
    m_client = std::make_unique<NcmClient>(ApiKeys{"a", "b", "c", "d"}, options, m_clock.get(), m_ledger.get());
    m_sink = std::make_unique<FakeSyncSink>();
}

void tst_FleetSync::cleanup()
{
    m_sync.reset();
    m_client.reset();
    m_ledger.reset();
    m_sink.reset();
    m_server.reset();
}

void tst_FleetSync::makeSync(const SyncOptions &options)
{
    m_sync = std::make_unique<FleetSync>(m_client.get(), m_sink.get(), options);
}

QString tst_FleetSync::runFullSync()
{
    QSignalSpy finished(m_sync.get(), &FleetSync::fullSyncFinished);
    m_sync->startFullSync();
    [&] { QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000); }();
    return finished.value(0).value(0).toString();
}

void tst_FleetSync::fullSyncDeliversEverything()
{
    makeSync();
    QSignalSpy progress(m_sync.get(), &FleetSync::progress);
    QCOMPARE(runFullSync(), QString());

    QCOMPARE(m_sink->accounts.size(), 1);
    QCOMPARE(m_sink->groups.value(0).id, u"12"_s);
    QCOMPARE(m_sink->groups.value(0).accountId, u"7"_s);
    QCOMPARE(m_sink->routers.size(), 3);
    QCOMPARE(m_sink->routers.value(0).groupName, u"Buses"_s);
    QCOMPARE(m_sink->routers.value(0).groupId, u"12"_s);
    QCOMPARE(m_sink->locations.value(0).routerId, u"1"_s);
    QCOMPARE(m_sink->locations.value(0).accuracyMeters.value_or(-1), 8.0);
    QCOMPARE(m_sink->modems.value(0).routerId, u"1"_s);
    QCOMPARE(m_sink->signalSamples.value(0).rsrp.value_or(0), -95.5);
    QCOMPARE(m_sink->signalSamples.value(0).sinr.value_or(0), 12.0);
    QCOMPARE(m_sink->health.value(0).modemId, u"m1"_s);
    QCOMPARE(m_sink->health.value(0).score.value_or(0), 81);
    QVERIFY(m_sink->batteries.isEmpty()); // not asked for

    QCOMPARE(progress.size(), 8); // the start and seven steps
    QCOMPARE(progress.last().value(0).toInt(), 7);
    QCOMPARE(progress.last().value(1).toInt(), 7);
    QCOMPARE(m_sync->stateWatermark(), u"2026-01-01T11:00:00.654321+00:00"_s);
}

void tst_FleetSync::fullSyncCostsOneCallPerSmallList()
{
    makeSync();
    QCOMPARE(runFullSync(), QString());

    QCOMPARE(m_ledger->callsToday(), 7);
    for (const FakeRequest &request : m_server->requests()) {
        QCOMPARE(request.query.queryItemValue(u"limit"_s), u"500"_s);
        if (request.path.endsWith(u"/routers/"_s))
            QCOMPARE(request.query.queryItemValue(u"expand"_s), u"group"_s);
        if (request.path.endsWith(u"/net_devices/"_s))
            QCOMPARE(request.query.queryItemValue(u"is_asset"_s), u"true"_s);
    }
}

void tst_FleetSync::badRecordDeliversNothing_data()
{
    QTest::addColumn<QString>("endpoint");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("errorPart");

    QTest::newRow("router without id") << u"routers"_s << listPage({R"({"name": "x"})"}) << u"routers/ has no id"_s;
    QTest::newRow("entry not an object") << u"groups"_s << listPage({"5"}) << u"not an object"_s;
    QTest::newRow("latitude out of range") << u"locations"_s
                                           << listPage({R"({"router": "1", "latitude": 123, "longitude": 0})"})
                                           << u"valid latitude and longitude"_s;
    QTest::newRow("health page is not JSON") << u"net_device_health"_s << QByteArray("{oops") << u"not JSON"_s;
}

void tst_FleetSync::badRecordDeliversNothing()
{
    QFETCH(QString, endpoint);
    QFETCH(QByteArray, body);
    QFETCH(QString, errorPart);

    const QUrl base = m_server->baseUrl();
    m_server->setHandler([base, endpoint, body](const FakeRequest &request) {
        if (request.path.section(u'/', 3, 3) == endpoint)
            return FakeResponse::json(body);
        return fleetAnswer(request, base);
    });
    makeSync();

    const QString error = runFullSync();
    QVERIFY2(error.contains(errorPart), qPrintable(error));
    QCOMPARE(m_sink->calls, 0);
    QVERIFY(!m_sync->isBusy());
}

void tst_FleetSync::batteriesOnlyForBatteryModels()
{
    SyncOptions options;
    options.batteryProducts = {u"IBR900"_s, u"IBR1700"_s};
    makeSync(options);
    QCOMPARE(runFullSync(), QString());

    QStringList asked;
    for (const FakeRequest &request : m_server->requests()) {
        if (request.path.endsWith(u"/batteries/"_s))
            asked.append(request.query.queryItemValue(u"router"_s));
    }
    QCOMPARE(asked, (QStringList{u"1"_s, u"3"_s}));
    QCOMPARE(m_sink->batteries.size(), 2);
    QCOMPARE(m_sink->batteries.value(1).routerId, u"3"_s);
    QCOMPARE(m_sink->batteries.value(1).chargePercent.value_or(0), 64.0);
}

void tst_FleetSync::reconcileAsksOnlyForChanges()
{
    makeSync();
    QCOMPARE(runFullSync(), QString());
    m_server->clearRequests();
    m_server->setHandler([](const FakeRequest &) {
        return FakeResponse::json(listPage({R"({"id": "1", "state": "offline", "state_updated_at": "2026-01-01T12:30:00.000002+00:00"})"}));
    });

    QSignalSpy reconciled(m_sync.get(), &FleetSync::reconcileFinished);
    m_sync->reconcile();
    QTRY_COMPARE(reconciled.size(), 1);
    QCOMPARE(reconciled.first().value(0).toInt(), 1);
    QCOMPARE(reconciled.first().value(1).toString(), QString());

    QCOMPARE(m_server->requests().size(), 1);
    const FakeRequest &request = m_server->requests().first();
    QVERIFY2(request.target.contains("state_updated_at__gt=2026-01-01T11:00:00.654321%2B00:00"), request.target.constData());
    QCOMPARE(request.query.queryItemValue(u"fields"_s), u"id,state,state_updated_at"_s);
    QCOMPARE(m_sink->states.value(0).state, u"offline"_s);
    QCOMPARE(m_sync->stateWatermark(), u"2026-01-01T12:30:00.000002+00:00"_s);
}

void tst_FleetSync::reconcileNeedsASync()
{
    makeSync();
    QSignalSpy reconciled(m_sync.get(), &FleetSync::reconcileFinished);
    m_sync->reconcile();
    QCOMPARE(reconciled.size(), 1);
    QVERIFY(!reconciled.first().value(1).toString().isEmpty());
    QVERIFY(m_server->requests().isEmpty());
}

void tst_FleetSync::parsesNcmTimes_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected"); // ISO with ms, UTC; empty: invalid

    QTest::newRow("microseconds and offset") << u"2026-01-01T10:00:00.123456+00:00"_s << u"2026-01-01T10:00:00.123Z"_s;
    QTest::newRow("Z") << u"2026-01-01T10:00:00Z"_s << u"2026-01-01T10:00:00.000Z"_s;
    QTest::newRow("other offset") << u"2026-01-01T10:00:00.5+02:00"_s << u"2026-01-01T08:00:00.500Z"_s;
    QTest::newRow("no offset means UTC") << u"2026-01-01T10:00:00.000001"_s << u"2026-01-01T10:00:00.000Z"_s;
    QTest::newRow("garbage") << u"yesterday"_s << QString();
}

void tst_FleetSync::parsesNcmTimes()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);

    const QDateTime parsed = parseNcmTime(text);
    QCOMPARE(parsed.isValid(), !expected.isEmpty());
    if (parsed.isValid())
        QCOMPARE(parsed.toString(Qt::ISODateWithMs), expected);
}

QTEST_GUILESS_MAIN(tst_FleetSync)
#include "tst_fleetsync.moc"
