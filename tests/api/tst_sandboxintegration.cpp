// The API client against ncm-sandbox's library in-process, served over HTTP on port 0.
#include "api/backfill.h"
#include "api/callledger.h"
#include "api/clock.h"
#include "api/fakesecretstore.h"
#include "api/fakesyncsink.h"
#include "api/fleetsync.h"
#include "api/ncmclient.h"
#include "api/webhooksetup.h"
#include "ingest/webhooklistener.h"
#include "ncm/alertparser.h"
#include "sandbox/sandbox.h"
#include "sandbox/sandboxserver.h"
#include "store/eventstore.h"
#include "store/sqliteeventstore.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QMutex>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace fw::api;
using fw::sandbox::Sandbox;
using fw::sandbox::SandboxOptions;
using fw::sandbox::SandboxServer;

namespace {

const ApiKeys s_keys{"cp-id", "cp-key", "ecm-id", "ecm-key"};

// An in-memory store safe to append to from the listener's thread: the work happens on
// the store's own (the test's) thread, like the real store's writer hand-off.
class MemoryStore final : public fw::store::EventStore
{
public:
    void append(QList<fw::store::Event> events, QObject *context, Done done) override
    {
        QPointer<QObject> guard(context);
        QMetaObject::invokeMethod(this, [this, events, guard, done] {
            fw::store::AppendResult result{true, {}, 0, 0};
            QList<fw::store::Event> fresh;
            for (fw::store::Event event : events) {
                if (keys.contains(event.alert.createdAtTimeuuid)) {
                    ++result.duplicates;
                    continue;
                }
                keys.insert(event.alert.createdAtTimeuuid);
                event.seq = ++seq;
                stored.append(event);
                fresh.append(event);
                ++result.inserted;
            }
            if (!fresh.isEmpty())
                Q_EMIT eventsCommitted(fresh);
            if (guard)
                QMetaObject::invokeMethod(guard, [done, result] { done(result); });
        });
    }

    QList<fw::store::Event> stored;
    QSet<QString> keys;
    qint64 seq = 0;
};

struct Rig
{
    explicit Rig(SandboxOptions options, double clientSpeed = 1000.0)
        : clock(clientSpeed)
    {
        options.api.keys = s_keys;
        sandbox = std::make_unique<Sandbox>(options);
        server = std::make_unique<SandboxServer>(*sandbox);
        QString error;
        listening = server->listen(QHostAddress::LocalHost, 0, &error);
        ledger = std::make_unique<CallLedger>(std::make_unique<MemoryCallCountStore>(), &clock);
        client = makeClient(s_keys);
    }

    std::unique_ptr<NcmClient> makeClient(const ApiKeys &keys)
    {
        ClientOptions options;
        options.baseUrl = server->apiBaseUrl();
        return std::make_unique<NcmClient>(keys, options, &clock, ledger.get());
    }

    qint64 status(int code) const
    {
        return sandbox->api().statistics().value("status_codes"_L1).toObject().value(QString::number(code)).toInteger();
    }
    qint64 endpointCalls(const QString &endpoint) const
    {
        return sandbox->api().statistics().value("endpoints"_L1).toObject().value(endpoint).toInteger();
    }
    qint64 totalCalls() const { return sandbox->api().statistics().value("total"_L1).toInteger(); }

    SystemClock clock;
    std::unique_ptr<Sandbox> sandbox;
    std::unique_ptr<SandboxServer> server;
    std::unique_ptr<CallLedger> ledger;
    std::unique_ptr<NcmClient> client;
    bool listening = false;
};

SandboxOptions fleetOf(int routers)
{
    SandboxOptions options;
    options.routers = routers;
    options.seed = 7;
    return options;
}

QString syncAndWait(FleetSync &sync)
{
    QSignalSpy finished(&sync, &FleetSync::fullSyncFinished);
    sync.startFullSync();
    if (!finished.wait(60000))
        return u"the sync did not finish"_s;
    return finished.first().value(0).toString();
}

QString listAndWait(NcmClient &client, const QString &path, const QUrlQuery &query)
{
    std::optional<QString> result;
    QObject context;
    client.list(path, query, &context, [](const QJsonArray &) { return QString(); },
                [&result](const QString &error) { result = error; });
    if (!QTest::qWaitFor([&result] { return result.has_value(); }, 30000))
        return u"no answer"_s;
    return *result;
}

} // namespace

class tst_SandboxIntegration final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sync1200Routers();
    void chunkedInList();
    void conflictsAreNotRetried();
    void throttleStormObeysRetryAfter();
    void serverErrorsRetried();
    void badKeysReported();
    void webhookSetupEndToEnd();
    void backfillFillsGapWithoutDuplicates();
    void backfillIntoSqliteStore();
};

void tst_SandboxIntegration::sync1200Routers()
{
    Rig rig(fleetOf(1200));
    QVERIFY(rig.listening);
    fw::test::FakeSyncSink sink;
    FleetSync sync(rig.client.get(), &sink, {});

    QCOMPARE(syncAndWait(sync), QString());
    QCOMPARE(sink.routers.size(), 1200);
    QSet<QString> ids;
    for (const RouterInfo &router : std::as_const(sink.routers))
        ids.insert(router.id);
    QCOMPARE(ids.size(), 1200); // no page repeated or skipped
    QCOMPARE(sink.locations.size(), 1200);
    QVERIFY(!sink.modems.isEmpty());
    QCOMPARE(sink.signalSamples.size(), sink.modems.size());
    QVERIFY(!sink.routers.first().groupName.isEmpty()); // expand=group

    QCOMPARE(rig.endpointCalls(u"routers"_s), 3); // 500 + 500 + 200
    QCOMPARE(rig.endpointCalls(u"locations"_s), 3);
    QCOMPARE(rig.totalCalls(), rig.ledger->callsToday()); // our count matches the server's
    QVERIFY2(rig.totalCalls() <= 25, qPrintable(QString::number(rig.totalCalls())));
}

void tst_SandboxIntegration::chunkedInList()
{
    Rig rig(fleetOf(300));
    fw::test::FakeSyncSink sink;
    FleetSync sync(rig.client.get(), &sink, {});
    QCOMPARE(syncAndWait(sync), QString());
    QStringList ids;
    for (int i = 0; i < 250; ++i)
        ids.append(sink.routers.at(i).id);
    const qint64 before = rig.endpointCalls(u"locations"_s);

    int records = 0;
    std::optional<QString> result;
    rig.client->listIn(u"locations"_s, {}, u"router"_s, ids, this,
                       [&records](const QJsonArray &page) { records += int(page.size()); return QString(); },
                       [&result](const QString &error) { result = error; });
    QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 30000);
    QCOMPARE(*result, QString());
    QCOMPARE(records, 250);
    QCOMPARE(rig.endpointCalls(u"locations"_s) - before, 3);
}

void tst_SandboxIntegration::conflictsAreNotRetried()
{
    Rig rig(fleetOf(10));
    const QString batteries = listAndWait(*rig.client, u"batteries"_s, {});
    QVERIFY2(batteries.contains(u"409"_s) && batteries.contains(u"router"_s), qPrintable(batteries));
    const QString ordered = listAndWait(*rig.client, u"alerts"_s, QUrlQuery(u"order_by=created_at"_s));
    QVERIFY2(ordered.contains(u"Ordering is not supported"_s), qPrintable(ordered));
    QCOMPARE(rig.status(409), 2); // each refused once, not retried
}

void tst_SandboxIntegration::throttleStormObeysRetryAfter()
{
    SandboxOptions options = fleetOf(1200);
    options.api.rateLimitPerMinute = 4;
    Rig rig(options, 100.0); // slow enough that a sync outruns four calls a simulated minute
    // The sandbox's limiter runs on our simulated clock, so Retry-After seconds are ours.
    rig.sandbox->api().setWallClock([clock = &rig.clock] { return clock->now().toMSecsSinceEpoch(); });
    fw::test::FakeSyncSink sink;
    FleetSync sync(rig.client.get(), &sink, {});
    QSignalSpy throttled(rig.client.get(), &NcmClient::throttled);

    QCOMPARE(syncAndWait(sync), QString());
    QCOMPARE(sink.routers.size(), 1200);
    QVERIFY(rig.status(429) > 0);
    // Waiting as told, each throttled call succeeds on its next try.
    QVERIFY2(rig.status(429) <= rig.status(200), qPrintable(QString::number(rig.status(429))));
    for (const QList<QVariant> &signal : std::as_const(throttled))
        QVERIFY(signal.value(1).toLongLong() >= 1000);
}

void tst_SandboxIntegration::serverErrorsRetried()
{
    SandboxOptions options = fleetOf(600);
    options.api.faultRate = 0.3;
    Rig rig(options);
    fw::test::FakeSyncSink sink;
    FleetSync sync(rig.client.get(), &sink, {});

    QCOMPARE(syncAndWait(sync), QString());
    QCOMPARE(sink.routers.size(), 600);
    QVERIFY(rig.status(500) + rig.status(503) > 0);
}

void tst_SandboxIntegration::badKeysReported()
{
    Rig rig(fleetOf(10));
    ApiKeys wrong = s_keys;
    wrong.ecmApiKey = "not-the-key";
    auto client = rig.makeClient(wrong);
    fw::test::FakeSyncSink sink;
    FleetSync sync(client.get(), &sink, {});

    const QString error = syncAndWait(sync);
    QVERIFY2(error.startsWith(u"NCM refused the API keys (HTTP 401"_s), qPrintable(error));
    QCOMPARE(sink.calls, 0);
    QCOMPARE(rig.status(401), 1);
}

void tst_SandboxIntegration::webhookSetupEndToEnd()
{
    Rig rig(fleetOf(20));
    MemoryStore store;
    fw::test::FakeSecretStore secrets;
    WebhookSetup setup(rig.client.get(), &secrets);
    setup.watchStore(&store);

    // The listener needs the secret before the test push: restart it with the new one.
    fw::ingest::ListenerConfig config;
    config.secret = "placeholder";
    auto listener = std::make_unique<fw::ingest::WebhookListener>(&store);
    QVERIFY2(listener->start(config), qPrintable(listener->errorString()));
    config.port = listener->port();
    connect(&setup, &WebhookSetup::secretReady, this, [&](const QString &, const QByteArray &secret) {
        listener.reset();
        config.secret = secret;
        listener = std::make_unique<fw::ingest::WebhookListener>(&store);
        QVERIFY2(listener->start(config), qPrintable(listener->errorString()));
    });

    WebhookSetupRequest request;
    request.publicUrl = QUrl(u"http://127.0.0.1:%1/webhook"_s.arg(config.port));
    QSignalSpy finished(&setup, &WebhookSetup::finished);

    // Scope: the first group NCM knows.
    fw::test::FakeSyncSink sink;
    FleetSync sync(rig.client.get(), &sink, {});
    QCOMPARE(syncAndWait(sync), QString());
    request.rule.groupIds = {sink.groups.first().id};
    request.rule.alertTypes = {u"connection_state"_s, u"wwan_connected"_s};
    request.confirmTimeoutMs = 30000;
    setup.start(request);
    QVERIFY(finished.wait(30000));

    const auto result = finished.first().value(0).value<WebhookSetupResult>();
    QVERIFY2(result.ok(), qPrintable(result.error));
    QCOMPARE(secrets.secrets.value(WebhookSetup::secretKey(result.destinationId)).size(), 64);
    const QList<QJsonObject> rules = rig.sandbox->engine().rules();
    QCOMPARE(rules.size(), 1);
    QCOMPARE(rules.first().value("alert_config_id"_L1).toString(), result.ruleId);
    QCOMPARE(rules.first().value("http_destinations"_L1).toArray().first().toString(), result.destinationId);
    QVERIFY(std::any_of(store.stored.cbegin(), store.stored.cend(), [](const fw::store::Event &event) {
        return WebhookSetup::testPushDestination(event).size() > 0;
    }));
}

void tst_SandboxIntegration::backfillFillsGapWithoutDuplicates()
{
    SandboxOptions options = fleetOf(200);
    options.manualClock = true;
    Rig rig(options);
    MemoryStore store;
    Backfill backfill(rig.client.get(), &store, &fw::ncm::parseAlert);
    QSignalSpy finished(&backfill, &Backfill::finished);

    rig.sandbox->advance(2LL * 3600 * 1000000);
    backfill.run();
    QVERIFY(finished.wait(30000));
    QCOMPARE(finished.last().value(3).toString(), QString());
    const int first = int(store.stored.size());
    QVERIFY(first > 0);

    // The feed is interrupted for three hours; back-fill closes the gap.
    rig.sandbox->advance(3LL * 3600 * 1000000);
    backfill.run();
    QVERIFY(finished.wait(30000));
    QCOMPARE(finished.last().value(3).toString(), QString());
    QVERIFY(store.stored.size() > first);
    QVERIFY(finished.last().value(0).toInt() < int(store.stored.size())); // only the gap was fetched

    const qsizetype inSandbox = qsizetype(rig.sandbox->engine().alerts().size());
    QCOMPARE(store.stored.size(), inSandbox);
    QCOMPARE(qsizetype(store.keys.size()), inSandbox); // every alert once
    for (const fw::store::Event &event : std::as_const(store.stored))
        QCOMPARE(event.source, fw::store::Source::Backfill);
}

void tst_SandboxIntegration::backfillIntoSqliteStore()
{
    SandboxOptions options = fleetOf(200);
    options.manualClock = true;
    Rig rig(options);
    QTemporaryDir dir;
    fw::store::SqliteEventStore store;
    QCOMPARE(store.open(dir.filePath(u"events.db"_s)), QString());
    Backfill backfill(rig.client.get(), &store, &fw::ncm::parseAlert);
    backfill.setWatermarkSource([&store] { return store.lastAlertTimeUsec(); });
    QSignalSpy finished(&backfill, &Backfill::finished);

    int inserted = 0;
    for (int round = 0; round < 3; ++round) {
        rig.sandbox->advance((round == 2 ? 0 : 2) * 3600LL * 1000000); // the last round: no gap
        backfill.run();
        QVERIFY(finished.wait(30000));
        QCOMPARE(finished.last().value(3).toString(), QString());
        inserted += finished.last().value(1).toInt();
    }
    QCOMPARE(finished.last().value(1).toInt(), 0); // nothing new, nothing stored twice

    std::optional<qint64> stored;
    store.count({}, this, [&stored](qint64 count, const QString &) { stored = count; });
    QTRY_VERIFY(stored.has_value());
    QCOMPARE(*stored, qint64(rig.sandbox->engine().alerts().size()));
    QCOMPARE(qint64(inserted), *stored);
}

QTEST_GUILESS_MAIN(tst_SandboxIntegration)
#include "tst_sandboxintegration.moc"
