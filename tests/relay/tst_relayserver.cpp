#include "relayharness.h"

#include <QJsonArray>
#include <QTcpSocket>

using namespace Qt::Literals::StringLiterals;
using namespace std::chrono_literals;
using namespace fw;
using namespace fw::test;

class tst_RelayServer final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void replaysAfterLastSeqThenStreamsLive();
    void refusesBadTokens_data();
    void refusesBadTokens();
    void closesStreamsOfRevokedToken();
    void refusesOtherProtocolVersion();
    void protocolErrors_data();
    void protocolErrors();
    void closesWithoutHello();
    void refusesOversizeMessage();
    void disconnectsSlowClientWithoutSlowingOthers();
    void reportsRetentionGap();
    void reportsGapWhenPrunedDuringReplay();
    void sharesAcknowledgements();
    void capsConnections();
    void restartsForeignSequence();
    void closesSilentPeerAfterMissedHeartbeats();
    void reportsStorageFailure();
    void reportsStatus();
    void shutdownClosesWithGoingAway();
};

void tst_RelayServer::replaysAfterLastSeqThenStreamsLive()
{
    RelayHarness relay;
    relay.log.addMany(100);
    TestPeer peer(relay.url);
    QVERIFY(peer.waitConnected());
    peer.hello(relay.tokenOf[u"alpha"_s], 40);

    QTRY_COMPARE(peer.eventSeqs.size(), 60);
    const QJsonObject welcome = peer.messages.first();
    QCOMPARE(relay::messageType(welcome), u"welcome"_s);
    QCOMPARE(welcome.value("resume_after"_L1).toInteger(), 40);
    QCOMPARE(welcome.value("head_seq"_L1).toInteger(), 100);
    QCOMPARE(welcome.value("name"_L1).toString(), u"alpha"_s);
    QCOMPARE(welcome.value("server_id"_L1).toString(), relay.acks.serverId());

    relay.log.addMany(10);
    QTRY_COMPARE(peer.eventSeqs.size(), 70);
    QCOMPARE(peer.eventSeqs, range(41, 110));
    const auto event = relay::decodeEvent(peer.ofType("event"_L1).last(), nullptr);
    QVERIFY(event);
    QCOMPARE(event->dedupKey, QByteArray("key-110"));
    QCOMPARE(event->alert.type, u"wwan_connected"_s);
    QCOMPARE(event->source, store::Source::Relay);
}

void tst_RelayServer::refusesBadTokens_data()
{
    QTest::addColumn<QString>("token");
    QTest::addColumn<int>("closeCode");
    QTest::addColumn<QString>("errorCode");
    QTest::newRow("unknown token") << u"fwr_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"_s
                                   << 4001 << u"unauthorized"_s;
    QTest::newRow("empty token") << QString() << 4001 << u"unauthorized"_s;
    QTest::newRow("not a token") << u"password"_s << 4001 << u"unauthorized"_s;
    QTest::newRow("known id, wrong secret") << u"@alpha-tampered"_s << 4001 << u"unauthorized"_s;
    QTest::newRow("revoked token") << u"@bravo"_s << 4005 << u"revoked"_s;
}

void tst_RelayServer::refusesBadTokens()
{
    QFETCH(QString, token);
    QFETCH(int, closeCode);
    QFETCH(QString, errorCode);
    RelayHarness relay;
    relay.log.addMany(5);
    QString error;
    QVERIFY(relay.tokens.revoke(u"bravo"_s, &error));
    QVERIFY(relay.tokens.save(&error));
    if (token == "@alpha-tampered"_L1)
        token = relay.tokenOf[u"alpha"_s].chopped(2) + u"xx"_s;
    else if (token == "@bravo"_L1)
        token = relay.tokenOf[u"bravo"_s];

    TestPeer peer(relay.url);
    QVERIFY(peer.waitConnected());
    peer.hello(token);
    QTRY_VERIFY(peer.closed);
    QCOMPARE(peer.closeCode, closeCode);
    QCOMPARE(peer.messages.size(), 1);
    QCOMPARE(peer.messages.first().value("code"_L1).toString(), errorCode);
    QVERIFY(peer.eventSeqs.isEmpty());
}

void tst_RelayServer::closesStreamsOfRevokedToken()
{
    RelayHarness relay;
    TestPeer alpha(relay.url);
    TestPeer bravo(relay.url);
    QVERIFY(alpha.waitConnected() && bravo.waitConnected());
    alpha.hello(relay.tokenOf[u"alpha"_s]);
    bravo.hello(relay.tokenOf[u"bravo"_s]);
    QTRY_COMPARE(relay.server->sessionCount(), 2);
    QTRY_COMPARE(bravo.ofType("welcome"_L1).size(), 1);

    // Another process (fleetwall-relay token revoke) edits the file.
    relay::TokenStore editor(relay.tokens.path());
    QString error;
    QVERIFY(editor.load(&error));
    QVERIFY(editor.revoke(u"bravo"_s, &error));
    QTest::qWait(1100); // a different modification time for the reload check
    QVERIFY(editor.save(&error));

    QTRY_VERIFY(bravo.closed);
    QCOMPARE(bravo.closeCode, 4005);
    QVERIFY(!alpha.closed);
}

void tst_RelayServer::refusesOtherProtocolVersion()
{
    RelayHarness relay;
    TestPeer peer(relay.url);
    QVERIFY(peer.waitConnected());
    relay::Hello hello;
    hello.protocol = u"fleetwall-relay/2"_s;
    hello.token = relay.tokenOf[u"alpha"_s];
    peer.send(relay::encodeHello(hello));
    QTRY_VERIFY(peer.closed);
    QCOMPARE(peer.closeCode, 4003);
}

void tst_RelayServer::protocolErrors_data()
{
    QTest::addColumn<QByteArray>("first");
    QTest::addColumn<QByteArray>("second");
    QTest::addColumn<bool>("binary");
    QTest::newRow("binary frame") << QByteArray("{}") << QByteArray() << true;
    QTest::newRow("not JSON") << QByteArray("hello there") << QByteArray() << false;
    QTest::newRow("JSON array") << QByteArray("[1,2]") << QByteArray() << false;
    QTest::newRow("no type") << QByteArray("{\"token\":\"x\"}") << QByteArray() << false;
    QTest::newRow("pong before hello") << QByteArray("{\"type\":\"pong\",\"seq\":1}") << QByteArray() << false;
    QTest::newRow("hello without last_seq") << QByteArray("{\"type\":\"hello\",\"protocol\":\"fleetwall-relay/1\"}")
                                            << QByteArray() << false;
    QTest::newRow("negative last_seq")
            << QByteArray("{\"type\":\"hello\",\"protocol\":\"fleetwall-relay/1\",\"token\":\"t\",\"last_seq\":-1}")
            << QByteArray() << false;
    QTest::newRow("hello twice") << QByteArray("@hello") << QByteArray("@hello") << false;
    QTest::newRow("ack without event") << QByteArray("@hello")
                                       << QByteArray("{\"type\":\"ack\",\"at\":\"2026-01-01T00:00:00Z\"}") << false;
}

void tst_RelayServer::protocolErrors()
{
    QFETCH(QByteArray, first);
    QFETCH(QByteArray, second);
    QFETCH(bool, binary);
    RelayHarness relay;
    TestPeer peer(relay.url);
    QVERIFY(peer.waitConnected());
    for (const QByteArray &message : {first, second}) {
        if (message == "@hello")
            peer.hello(relay.tokenOf[u"alpha"_s]);
        else if (binary)
            peer.socket.sendBinaryMessage(message);
        else if (!message.isEmpty())
            peer.send(message);
    }
    QTRY_VERIFY(peer.closed);
    QCOMPARE(peer.closeCode, 4000);
    QCOMPARE(peer.ofType("error"_L1).size(), 1);
    QCOMPARE(peer.ofType("error"_L1).first().value("code"_L1).toString(), u"protocol"_s);
}

void tst_RelayServer::closesWithoutHello()
{
    auto config = RelayHarness::defaultConfig();
    config.helloTimeout = 200ms;
    RelayHarness relay(config);
    TestPeer peer(relay.url);
    QVERIFY(peer.waitConnected());
    QTRY_VERIFY(peer.closed);
    QCOMPARE(peer.closeCode, 4006);
}

void tst_RelayServer::refusesOversizeMessage()
{
    RelayHarness relay;
    TestPeer peer(relay.url);
    QVERIFY(peer.waitConnected());
    peer.send("{\"type\":\"hello\",\"pad\":\"" + QByteArray(relay::MaxClientMessageSize, 'x') + "\"}");
    QTRY_VERIFY(peer.closed);
    QCOMPARE(peer.closeCode, int(QWebSocketProtocol::CloseCodeTooMuchData));
    QVERIFY(peer.ofType("welcome"_L1).isEmpty());
}

namespace {

// A WebSocket client that sends its hello by hand and then stops reading.
QByteArray maskedTextFrame(const QByteArray &payload)
{
    QByteArray frame;
    frame.append(char(0x81));
    if (payload.size() < 126) {
        frame.append(char(0x80 | payload.size()));
    } else {
        frame.append(char(0x80 | 126));
        frame.append(char((payload.size() >> 8) & 0xff));
        frame.append(char(payload.size() & 0xff));
    }
    const QByteArray mask("\x11\x22\x33\x44", 4);
    frame.append(mask);
    for (qsizetype i = 0; i < payload.size(); ++i)
        frame.append(char(payload.at(i) ^ mask.at(i % 4)));
    return frame;
}

} // namespace

void tst_RelayServer::disconnectsSlowClientWithoutSlowingOthers()
{
    auto config = RelayHarness::defaultConfig();
    config.heartbeatInterval = 200ms;
    config.heartbeatMisses = 1000;
    config.stallTimeout = 2000ms;
    config.sendHighWater = 256 * 1024;
    RelayHarness relay(config);
    QSignalSpy closedSpy(relay.server.get(), &relay::RelayServer::sessionClosed);

    QTcpSocket slow;
    slow.connectToHost(QHostAddress::LocalHost, relay.server->serverPort());
    QVERIFY(slow.waitForConnected(5000));
    slow.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
               "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
    QTRY_VERIFY(slow.bytesAvailable() > 0 && slow.peek(1024).contains("\r\n\r\n"));
    relay::Hello hello;
    hello.token = relay.tokenOf[u"bravo"_s];
    slow.write(maskedTextFrame(relay::encodeHello(hello)));
    slow.setReadBufferSize(1024); // from here on it reads nothing more
    QTRY_COMPARE(relay.server->sessionCount(), 1);

    TestPeer fast(relay.url);
    QVERIFY(fast.waitConnected());
    fast.hello(relay.tokenOf[u"alpha"_s]);
    QTRY_COMPARE(relay.server->status().value("dashboards"_L1).toArray().size(), 2);

    constexpr int Count = 2000;
    for (int i = 0; i < Count / 100; ++i)
        relay.log.addMany(100, 16 * 1024);

    QTRY_COMPARE_WITH_TIMEOUT(fast.eventSeqs.size(), Count, 20000);
    QCOMPARE(fast.eventSeqs, range(1, Count));
    // The slow one was still held back, or already closed for it: never the fast one's brake.
    const QJsonArray dashboards = relay.server->status().value("dashboards"_L1).toArray();
    for (const QJsonValue &dashboard : dashboards) {
        if (dashboard["name"_L1].toString() == "bravo"_L1)
            QVERIFY(dashboard["sent_seq"_L1].toInteger() < Count);
    }

    QTRY_COMPARE_WITH_TIMEOUT(closedSpy.size(), 1, 10000);
    QCOMPARE(closedSpy.first().at(0).toString(), u"bravo"_s);
    QCOMPARE(closedSpy.first().at(1).toInt(), 4002);
    QVERIFY(!fast.closed);

    // It resumes where it stopped on reconnecting.
    TestPeer again(relay.url);
    QVERIFY(again.waitConnected());
    again.hello(relay.tokenOf[u"bravo"_s], 1500);
    QTRY_COMPARE(again.eventSeqs.size(), Count - 1500);
    QCOMPARE(again.eventSeqs.first(), 1501);
}

void tst_RelayServer::reportsRetentionGap()
{
    auto config = RelayHarness::defaultConfig();
    config.retentionEvents = 50;
    RelayHarness relay(config);
    relay.log.addMany(100);
    relay.server->pruneNow();
    QCOMPARE(relay.log.oldestSeq(), 51);

    TestPeer peer(relay.url);
    QVERIFY(peer.waitConnected());
    peer.hello(relay.tokenOf[u"alpha"_s], 10);
    QTRY_COMPARE(peer.eventSeqs.size(), 50);
    QCOMPARE(peer.eventSeqs, range(51, 100));
    const auto gaps = peer.ofType("retention-gap"_L1);
    QCOMPARE(gaps.size(), 1);
    const auto gap = relay::decodeRetentionGap(gaps.first(), nullptr);
    QVERIFY(gap);
    QCOMPARE(gap->fromSeq, 11);
    QCOMPARE(gap->toSeq, 50);
    QCOMPARE(gap->oldestSeq, 51);
    QVERIFY(gap->oldestReceivedAt.isValid());
    // The gap comes before the first event after it.
    qsizetype gapIndex = -1, firstEvent = -1;
    for (qsizetype i = 0; i < peer.messages.size(); ++i) {
        const QString type = relay::messageType(peer.messages.at(i));
        if (type == "retention-gap"_L1 && gapIndex < 0)
            gapIndex = i;
        if (type == "event"_L1 && firstEvent < 0)
            firstEvent = i;
    }
    QVERIFY(gapIndex < firstEvent);

    TestPeer current(relay.url);
    QVERIFY(current.waitConnected());
    current.hello(relay.tokenOf[u"bravo"_s], 60);
    QTRY_COMPARE(current.eventSeqs.size(), 40);
    QVERIFY(current.ofType("retention-gap"_L1).isEmpty());
}

void tst_RelayServer::reportsGapWhenPrunedDuringReplay()
{
    auto config = RelayHarness::defaultConfig();
    config.replayBatch = 10;
    config.cacheEvents = 1;
    config.sendHighWater = 1; // one batch per pump: the replay proceeds as the socket drains
    RelayHarness relay(config);
    relay.log.addMany(200, 2000);

    TestPeer peer(relay.url);
    QVERIFY(peer.waitConnected());
    peer.hello(relay.tokenOf[u"alpha"_s]);
    QTRY_VERIFY(!peer.eventSeqs.isEmpty());
    QString error;
    relay.log.prune({}, 20, &error); // keeps 181..200
    QTRY_COMPARE(peer.eventSeqs.last(), 200);

    // Every seq the peer did not get is covered by exactly one reported gap.
    QList<qint64> covered = peer.eventSeqs;
    for (const QJsonObject &message : peer.ofType("retention-gap"_L1)) {
        const auto gap = relay::decodeRetentionGap(message, nullptr);
        QVERIFY(gap);
        covered.append(range(gap->fromSeq, gap->toSeq));
    }
    std::sort(covered.begin(), covered.end());
    QCOMPARE(covered, range(1, 200));
}

void tst_RelayServer::sharesAcknowledgements()
{
    RelayHarness relay;
    relay.log.addMany(3);
    TestPeer alpha(relay.url), bravo(relay.url), charlie(relay.url);
    QVERIFY(alpha.waitConnected() && bravo.waitConnected() && charlie.waitConnected());
    alpha.hello(relay.tokenOf[u"alpha"_s]);
    bravo.hello(relay.tokenOf[u"bravo"_s]);
    charlie.hello(relay.tokenOf[u"charlie"_s]);
    QTRY_VERIFY(alpha.eventSeqs.size() == 3 && bravo.eventSeqs.size() == 3 && charlie.eventSeqs.size() == 3);

    relay::Ack ack;
    ack.ref = u"local-7"_s;
    ack.eventSeq = 2;
    ack.dedupKey = "key-2";
    ack.by = u"Dana"_s;
    ack.at = QDateTime(QDate(2026, 12, 3), QTime(10, 5), Qt::UTC);
    ack.note = u"Carrier maintenance"_s;
    alpha.send(relay::encodeAck(ack));

    QTRY_COMPARE(alpha.ofType("ack-stored"_L1).size(), 1);
    QCOMPARE(alpha.ofType("ack-stored"_L1).first().value("ref"_L1).toString(), u"local-7"_s);
    QTRY_COMPARE(bravo.ofType("ack-shared"_L1).size(), 1);
    QTRY_COMPARE(charlie.ofType("ack-shared"_L1).size(), 1);
    QVERIFY(alpha.ofType("ack-shared"_L1).isEmpty());
    const auto shared = relay::decodeAck(bravo.ofType("ack-shared"_L1).first(), nullptr);
    QVERIFY(shared);
    QCOMPARE(shared->from, u"alpha"_s);
    QCOMPARE(shared->ackSeq, 1);
    QCOMPARE(shared->dedupKey, QByteArray("key-2"));
    QCOMPARE(shared->eventSeq, 2);
    QCOMPARE(shared->by, u"Dana"_s);
    QCOMPARE(shared->at, ack.at);
    QCOMPARE(shared->note, ack.note);

    // A dashboard connecting later gets it replayed, once.
    TestPeer delta(relay.url);
    QVERIFY(delta.waitConnected());
    delta.hello(relay.tokenOf[u"delta"_s], 3, 0);
    QTRY_COMPARE(delta.ofType("ack-shared"_L1).size(), 1);
    TestPeer deltaAgain(relay.url);
    QVERIFY(deltaAgain.waitConnected());
    deltaAgain.hello(relay.tokenOf[u"delta"_s], 3, 1);
    QTRY_COMPARE(deltaAgain.ofType("welcome"_L1).size(), 1);
    QTest::qWait(100);
    QVERIFY(deltaAgain.ofType("ack-shared"_L1).isEmpty());
}

void tst_RelayServer::capsConnections()
{
    auto config = RelayHarness::defaultConfig();
    config.maxConnections = 2;
    RelayHarness relay(config);
    TestPeer first(relay.url), second(relay.url);
    QVERIFY(first.waitConnected() && second.waitConnected());
    first.hello(relay.tokenOf[u"alpha"_s]);
    second.hello(relay.tokenOf[u"bravo"_s]);
    QTRY_VERIFY(first.ofType("welcome"_L1).size() == 1 && second.ofType("welcome"_L1).size() == 1);
    TestPeer third(relay.url);
    QVERIFY(third.waitConnected());
    third.hello(relay.tokenOf[u"charlie"_s]);
    QTRY_VERIFY(third.closed);
    QCOMPARE(third.ofType("error"_L1).first().value("code"_L1).toString(), u"busy"_s);
    QCOMPARE(third.closeCode, 4009);
    QVERIFY(!first.closed && !second.closed);
}

void tst_RelayServer::restartsForeignSequence()
{
    RelayHarness relay;
    relay.log.addMany(10);
    TestPeer foreign(relay.url);
    QVERIFY(foreign.waitConnected());
    foreign.hello(relay.tokenOf[u"alpha"_s], 7, 0, u"another-relay"_s);
    QTRY_COMPARE(foreign.eventSeqs.size(), 10);
    QCOMPARE(foreign.messages.first().value("resume_after"_L1).toInteger(), 0);

    TestPeer ahead(relay.url);
    QVERIFY(ahead.waitConnected());
    ahead.hello(relay.tokenOf[u"bravo"_s], 500, 0, relay.acks.serverId());
    QTRY_COMPARE(ahead.eventSeqs.size(), 10);
    QCOMPARE(ahead.messages.first().value("resume_after"_L1).toInteger(), 0);
}

void tst_RelayServer::closesSilentPeerAfterMissedHeartbeats()
{
    auto config = RelayHarness::defaultConfig();
    config.heartbeatInterval = 100ms;
    config.heartbeatMisses = 3;
    RelayHarness relay(config);
    TestPeer silent(relay.url), answering(relay.url);
    QVERIFY(silent.waitConnected() && answering.waitConnected());
    connect(&answering.socket, &QWebSocket::textMessageReceived, &answering, [&answering](const QString &text) {
        if (text.contains("\"ping\""_L1))
            answering.send(relay::encodePong(0));
    });
    silent.hello(relay.tokenOf[u"alpha"_s]);
    answering.hello(relay.tokenOf[u"bravo"_s]);
    QTRY_VERIFY(silent.closed);
    QCOMPARE(silent.closeCode, 4007);
    QVERIFY(silent.ofType("ping"_L1).size() >= 2);
    QVERIFY(!answering.closed);
}

void tst_RelayServer::reportsStorageFailure()
{
    auto config = RelayHarness::defaultConfig();
    config.cacheEvents = 1; // replay must read the log
    RelayHarness relay(config);
    relay.log.addMany(10);
    relay.log.failReads = true;
    TestPeer peer(relay.url);
    QVERIFY(peer.waitConnected());
    peer.hello(relay.tokenOf[u"alpha"_s]);
    QTRY_VERIFY(peer.closed);
    QCOMPARE(peer.closeCode, 4008);
    QVERIFY(peer.eventSeqs.isEmpty());
}

void tst_RelayServer::reportsStatus()
{
    RelayHarness relay;
    relay.log.addMany(25);
    TestPeer alpha(relay.url);
    QVERIFY(alpha.waitConnected());
    alpha.hello(relay.tokenOf[u"alpha"_s], 20);
    QTRY_COMPARE(alpha.eventSeqs.size(), 5);
    alpha.send(relay::encodePong(22));

    QJsonObject status;
    QTRY_VERIFY((status = relay.server->status()).value("dashboards"_L1).toArray().first()
                        ["confirmed_seq"_L1].toInteger() == 22);
    QCOMPARE(status.value("events_stored"_L1).toInteger(), 25);
    QCOMPARE(status.value("head_seq"_L1).toInteger(), 25);
    QCOMPARE(status.value("dashboards_connected"_L1).toInt(), 1);
    const QJsonObject dashboard = status.value("dashboards"_L1).toArray().first().toObject();
    QCOMPARE(dashboard.value("name"_L1).toString(), u"alpha"_s);
    QCOMPARE(dashboard.value("lag"_L1).toInteger(), 0);
    QCOMPARE(dashboard.value("sent_seq"_L1).toInteger(), 25);
    QCOMPARE(dashboard.value("state"_L1).toString(), u"live"_s);
}

void tst_RelayServer::shutdownClosesWithGoingAway()
{
    RelayHarness relay;
    TestPeer alpha(relay.url), bravo(relay.url);
    QVERIFY(alpha.waitConnected() && bravo.waitConnected());
    alpha.hello(relay.tokenOf[u"alpha"_s]);
    QTRY_COMPARE(alpha.ofType("welcome"_L1).size(), 1);
    QSignalSpy finished(relay.server.get(), &relay::RelayServer::shutdownFinished);
    relay.server->shutdown();
    QTRY_VERIFY(alpha.closed && bravo.closed);
    QCOMPARE(alpha.closeCode, 1001);
    QCOMPARE(bravo.closeCode, 1001);
    QTRY_COMPARE(finished.size(), 1);
}

QTEST_GUILESS_MAIN(tst_RelayServer)
#include "tst_relayserver.moc"
