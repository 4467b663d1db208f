#include "relay/relayclient.h"
#include "relayharness.h"

#include <QRandomGenerator>

using namespace Qt::Literals::StringLiterals;
using namespace std::chrono_literals;
using namespace fw;
using namespace fw::test;

namespace {

struct Dashboard
{
    explicit Dashboard(const RelayHarness &relay, const QString &name)
        : client(&store, &store)
    {
        client.setUrl(relay.url);
        client.setToken(relay.tokenOf.value(name));
        client.setBackoff(5ms, 50ms);
    }
    MemoryDashboardStore store;
    relay::RelayClient client;
};

} // namespace

class tst_RelayClient final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyEventExactlyOnceAcrossForcedDisconnects();
    void resumesFromRecordedPosition();
    void reportsStates();
    void stopsOnRefusedToken();
    void reportsRetentionGap();
    void sharesAcknowledgements();
    void retriesAfterLocalStoreFailure();
    void restartsForAnotherRelay();
};

void tst_RelayClient::everyEventExactlyOnceAcrossForcedDisconnects()
{
    auto config = RelayHarness::defaultConfig();
    config.cacheEvents = 300; // most reconnects replay from the log, not the cache
    config.replayBatch = 64;
    RelayHarness relay(config);
    std::vector<std::unique_ptr<Dashboard>> dashboards;
    for (const QString &name : {u"alpha"_s, u"bravo"_s, u"charlie"_s, u"delta"_s}) {
        dashboards.push_back(std::make_unique<Dashboard>(relay, name));
        dashboards.back()->client.start();
    }

    // 5,000 events in bursts while connections are dropped at random on both sides.
    constexpr int Total = 5000;
    auto *random = QRandomGenerator::global();
    int added = 0;
    int disconnects = 0;
    while (added < Total) {
        const int burst = std::min(Total - added, int(random->bounded(1, 200)));
        relay.log.addMany(burst);
        added += burst;
        QTest::qWait(int(random->bounded(0, 15)));
        if (random->bounded(3) == 0) {
            dashboards.at(random->bounded(int(dashboards.size())))->client.abortConnection();
            ++disconnects;
        }
    }
    for (auto &dashboard : dashboards) {
        QTRY_COMPARE_WITH_TIMEOUT(dashboard->store.relaySeqs.size(), Total, 30000);
        QCOMPARE(dashboard->store.relaySeqs, range(1, Total));
        QCOMPARE(dashboard->store.duplicatesOffered, 0);
        QTRY_COMPARE(dashboard->store.position.lastSeq, Total);
        QCOMPARE(dashboard->client.state(), relay::RelayClient::State::Connected);
    }
    QVERIFY(disconnects > 5);
}

void tst_RelayClient::resumesFromRecordedPosition()
{
    RelayHarness relay;
    relay.log.addMany(80);
    Dashboard dashboard(relay, u"alpha"_s);
    dashboard.store.position = {relay.acks.serverId(), 50, 0};
    dashboard.client.start();
    QTRY_COMPARE(dashboard.store.relaySeqs.size(), 30);
    QCOMPARE(dashboard.store.relaySeqs, range(51, 80));
    QCOMPARE(dashboard.store.stored.first().source, store::Source::Relay);
    QVERIFY(!dashboard.store.stored.first().category.isEmpty()); // classified by the catalogue
    QVERIFY(!dashboard.store.stored.first().title.isEmpty());
}

void tst_RelayClient::reportsStates()
{
    RelayHarness relay;
    relay.log.addMany(3000);
    Dashboard dashboard(relay, u"alpha"_s);
    QSignalSpy states(&dashboard.client, &relay::RelayClient::stateChanged);
    dashboard.client.start();
    QTRY_COMPARE(dashboard.client.state(), relay::RelayClient::State::Connected);
    QList<relay::RelayClient::State> seen;
    for (const auto &arguments : std::as_const(states))
        seen.append(arguments.at(0).value<relay::RelayClient::State>());
    QCOMPARE(seen.first(), relay::RelayClient::State::Connecting);
    QVERIFY(seen.contains(relay::RelayClient::State::Behind));
    QCOMPARE(seen.last(), relay::RelayClient::State::Connected);
    QTRY_COMPARE(dashboard.client.lag(), 0);

    // The relay goes away: the client says so with a reason and comes back by itself.
    const quint16 port = relay.server->serverPort();
    relay.server.reset();
    QTRY_COMPARE(dashboard.client.state(), relay::RelayClient::State::Connecting);
    QVERIFY(!dashboard.client.reason().isEmpty());
    relay.server = std::make_unique<relay::RelayServer>(RelayHarness::defaultConfig(), &relay.log, &relay.acks,
                                                        &relay.tokens);
    QVERIFY(relay.server->listen(QHostAddress::LocalHost, port));
    relay.log.addMany(5);
    QTRY_COMPARE(dashboard.store.relaySeqs.size(), 3005);
    QCOMPARE(dashboard.client.state(), relay::RelayClient::State::Connected);
}

void tst_RelayClient::stopsOnRefusedToken()
{
    RelayHarness relay;
    Dashboard dashboard(relay, u"alpha"_s);
    dashboard.client.setToken(u"fwr_0000000000000000_wrong"_s);
    QSignalSpy states(&dashboard.client, &relay::RelayClient::stateChanged);
    dashboard.client.start();
    QTRY_COMPARE(dashboard.client.state(), relay::RelayClient::State::Error);
    QVERIFY(dashboard.client.reason().contains("unauthorized"_L1));
    const auto count = states.size();
    QTest::qWait(300); // no retry with a token the relay refused
    QCOMPARE(states.size(), count);
    QCOMPARE(relay.server->sessionCount(), 0);
}

void tst_RelayClient::reportsRetentionGap()
{
    auto config = RelayHarness::defaultConfig();
    config.retentionEvents = 10;
    RelayHarness relay(config);
    relay.log.addMany(30);
    relay.server->pruneNow();
    Dashboard dashboard(relay, u"alpha"_s);
    QSignalSpy gaps(&dashboard.client, &relay::RelayClient::retentionGap);
    dashboard.client.start();
    QTRY_COMPARE(dashboard.store.relaySeqs.size(), 10);
    QCOMPARE(gaps.size(), 1);
    const auto gap = gaps.first().at(0).value<relay::RetentionGap>();
    QCOMPARE(gap.fromSeq, 1);
    QCOMPARE(gap.toSeq, 20);
    QTRY_COMPARE(dashboard.store.position.lastSeq, 30);
}

void tst_RelayClient::sharesAcknowledgements()
{
    RelayHarness relay;
    relay.log.addMany(2);
    Dashboard alpha(relay, u"alpha"_s), bravo(relay, u"bravo"_s);
    QSignalSpy stored(&alpha.client, &relay::RelayClient::acknowledgementStored);
    QSignalSpy received(&bravo.client, &relay::RelayClient::acknowledgementReceived);
    alpha.client.start();
    bravo.client.start();
    QTRY_VERIFY(alpha.store.relaySeqs.size() == 2 && bravo.store.relaySeqs.size() == 2);

    relay::Ack ack;
    ack.ref = u"a-1"_s;
    ack.eventSeq = 1;
    ack.dedupKey = alpha.store.stored.first().dedupKey;
    ack.by = u"Lee"_s;
    ack.at = QDateTime::currentDateTimeUtc();
    QVERIFY(alpha.client.shareAcknowledgement(ack));
    QTRY_COMPARE(stored.size(), 1);
    QCOMPARE(stored.first().at(0).toString(), u"a-1"_s);
    QTRY_COMPARE(received.size(), 1);
    const auto shared = received.first().at(0).value<relay::Ack>();
    QCOMPARE(shared.from, u"alpha"_s);
    QCOMPARE(shared.by, u"Lee"_s);
    QCOMPARE(shared.dedupKey, ack.dedupKey);
    QTRY_COMPARE(bravo.store.position.lastAckSeq, 1);
    QTRY_COMPARE(alpha.store.position.lastAckSeq, 1);

    // After a reconnect nothing is delivered twice.
    bravo.client.abortConnection();
    QTRY_COMPARE(bravo.client.state(), relay::RelayClient::State::Connected);
    QTest::qWait(100);
    QCOMPARE(received.size(), 1);
}

void tst_RelayClient::retriesAfterLocalStoreFailure()
{
    RelayHarness relay;
    Dashboard dashboard(relay, u"alpha"_s);
    dashboard.client.start();
    QTRY_COMPARE(dashboard.client.state(), relay::RelayClient::State::Connected);
    dashboard.store.failing = true;
    relay.log.addMany(20);
    QTRY_VERIFY(dashboard.client.reason().contains("local store"_L1)
                || dashboard.client.state() == relay::RelayClient::State::Connecting);
    dashboard.store.failing = false;
    QTRY_COMPARE(dashboard.store.relaySeqs.size(), 20);
    QCOMPARE(dashboard.store.relaySeqs, range(1, 20));
}

void tst_RelayClient::restartsForAnotherRelay()
{
    RelayHarness relay;
    relay.log.addMany(10);
    Dashboard dashboard(relay, u"alpha"_s);
    dashboard.store.position = {u"some-other-relay"_s, 400, 9};
    dashboard.client.start();
    QTRY_COMPARE(dashboard.store.relaySeqs.size(), 10);
    QCOMPARE(dashboard.client.serverId(), relay.acks.serverId());
    QTRY_COMPARE(dashboard.store.position.lastSeq, 10);
    QCOMPARE(dashboard.store.position.lastAckSeq, 0);
}

QTEST_GUILESS_MAIN(tst_RelayClient)
#include "tst_relayclient.moc"
