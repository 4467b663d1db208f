#include "relay/protocol.h"
#include "relayfakes.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace fw;

class tst_RelayProtocol final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void eventRoundTrip();
    void eventKeepsUnknownAlertFields();
    void helloRoundTrip();
    void welcomeRoundTrip();
    void ackRoundTrip();
    void retentionGapRoundTrip();
    void rejectsMalformed_data();
    void rejectsMalformed();
    void closeCodeNames();
};

void tst_RelayProtocol::eventRoundTrip()
{
    store::Event event = test::makeEvent(42);
    event.seq = 9001;
    const QByteArray frame = relay::encodeEvent(event);
    QString error;
    const auto message = relay::parseMessage(frame, &error);
    QVERIFY2(message, qPrintable(error));
    QCOMPARE(relay::messageType(*message), u"event"_s);
    const auto decoded = relay::decodeEvent(*message, &error);
    QVERIFY2(decoded, qPrintable(error));
    QCOMPARE(decoded->seq, 9001);
    QCOMPARE(decoded->source, store::Source::Relay);
    QCOMPARE(decoded->dedupKey, event.dedupKey);
    QCOMPARE(decoded->signatureVerified, true);
    QCOMPARE(decoded->receivedAt.toMSecsSinceEpoch(), event.receivedAt.toMSecsSinceEpoch());
    QCOMPARE(decoded->alert.type, event.alert.type);
    QCOMPARE(decoded->alert.routerId, event.alert.routerId);
    QCOMPARE(decoded->alert.detectedAt, event.alert.detectedAt);
    QCOMPARE(decoded->alert.createdAtTimeuuid, event.alert.createdAtTimeuuid);
    QCOMPARE(decoded->alert.info, event.alert.info);
}

void tst_RelayProtocol::eventKeepsUnknownAlertFields()
{
    store::Event event = test::makeEvent(1);
    event.seq = 1;
    event.alert.json = R"({"type":"x_new","detected_at":"2026-01-01T00:00:00+00:00","router":"5","future":{"a":[1,2]}})";
    const auto decoded = relay::decodeEvent(*relay::parseMessage(relay::encodeEvent(event), nullptr), nullptr);
    QVERIFY(decoded);
    QCOMPARE(decoded->alert.type, u"x_new"_s);
    const QJsonObject alert = QJsonDocument::fromJson(decoded->alert.json).object();
    QCOMPARE(alert.value("future"_L1).toObject().value("a"_L1).toArray().size(), 2);
}

void tst_RelayProtocol::helloRoundTrip()
{
    relay::Hello hello;
    hello.token = u"fwr_abc"_s;
    hello.lastSeq = 1234567890123;
    hello.lastAckSeq = 5;
    hello.serverId = u"srv"_s;
    const auto decoded = relay::decodeHello(*relay::parseMessage(relay::encodeHello(hello), nullptr), nullptr);
    QVERIFY(decoded);
    QCOMPARE(decoded->protocol, u"fleetwall-relay/1"_s);
    QCOMPARE(decoded->token, hello.token);
    QCOMPARE(decoded->lastSeq, hello.lastSeq);
    QCOMPARE(decoded->lastAckSeq, 5);
    QCOMPARE(decoded->serverId, u"srv"_s);
}

void tst_RelayProtocol::welcomeRoundTrip()
{
    relay::Welcome welcome{u"id"_s, u"desk"_s, 10, 3, 99, 4, 500};
    const auto decoded = relay::decodeWelcome(*relay::parseMessage(relay::encodeWelcome(welcome), nullptr), nullptr);
    QVERIFY(decoded);
    QCOMPARE(decoded->serverId, u"id"_s);
    QCOMPARE(decoded->resumeAfter, 10);
    QCOMPARE(decoded->oldestSeq, 3);
    QCOMPARE(decoded->headSeq, 99);
    QCOMPARE(decoded->headAckSeq, 4);
    QCOMPARE(decoded->heartbeatMs, 500);
}

void tst_RelayProtocol::ackRoundTrip()
{
    relay::Ack ack;
    ack.ackSeq = 3;
    ack.from = u"desk-1"_s;
    ack.eventSeq = 77;
    ack.dedupKey = QByteArray("\x00\x01\xfe", 3);
    ack.by = u"Dana"_s;
    ack.at = QDateTime(QDate(2026, 1, 2), QTime(3, 4, 5, 6), Qt::UTC);
    ack.note = u"ok"_s;
    const auto decoded = relay::decodeAck(*relay::parseMessage(relay::encodeAckShared(ack), nullptr), nullptr);
    QVERIFY(decoded);
    QCOMPARE(decoded->ackSeq, 3);
    QCOMPARE(decoded->from, ack.from);
    QCOMPARE(decoded->eventSeq, 77);
    QCOMPARE(decoded->dedupKey, ack.dedupKey);
    QCOMPARE(decoded->at, ack.at);
    QCOMPARE(decoded->note, ack.note);
}

void tst_RelayProtocol::retentionGapRoundTrip()
{
    const relay::RetentionGap gap{5, 10, 11, QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC)};
    const auto decoded = relay::decodeRetentionGap(*relay::parseMessage(relay::encodeRetentionGap(gap), nullptr),
                                                   nullptr);
    QVERIFY(decoded);
    QCOMPARE(decoded->fromSeq, 5);
    QCOMPARE(decoded->toSeq, 10);
    QCOMPARE(decoded->oldestSeq, 11);
    QCOMPARE(decoded->oldestReceivedAt, gap.oldestReceivedAt);
}

void tst_RelayProtocol::rejectsMalformed_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("event without seq") << QByteArray(R"({"type":"event","alert":{"type":"a"}})");
    QTest::newRow("event with seq 0") << QByteArray(R"({"type":"event","seq":0,"alert":{"type":"a"}})");
    QTest::newRow("event with fractional seq") << QByteArray(R"({"type":"event","seq":1.5,"alert":{}})");
    QTest::newRow("event with string seq") << QByteArray(R"({"type":"event","seq":"1","alert":{}})");
    QTest::newRow("event with alert array") << QByteArray(R"({"type":"event","seq":1,"alert":[]})");
    QTest::newRow("event with invalid alert") << QByteArray(R"({"type":"event","seq":1,"alert":{"type":5}})");
    QTest::newRow("hello without protocol") << QByteArray(R"({"type":"hello","last_seq":1})");
    QTest::newRow("welcome without server id") << QByteArray(R"({"type":"welcome","resume_after":0})");
    QTest::newRow("gap reversed") << QByteArray(R"({"type":"retention-gap","from_seq":9,"to_seq":2,"oldest_seq":3})");
    QTest::newRow("ack without time") << QByteArray(R"({"type":"ack","event_seq":3,"dedup_key":"00"})");
}

void tst_RelayProtocol::rejectsMalformed()
{
    QFETCH(QByteArray, json);
    QString error;
    const auto message = relay::parseMessage(json, &error);
    QVERIFY(message);
    const QString type = relay::messageType(*message);
    bool decoded = true;
    if (type == "event"_L1)
        decoded = relay::decodeEvent(*message, &error).has_value();
    else if (type == "hello"_L1)
        decoded = relay::decodeHello(*message, &error).has_value();
    else if (type == "welcome"_L1)
        decoded = relay::decodeWelcome(*message, &error).has_value();
    else if (type == "retention-gap"_L1)
        decoded = relay::decodeRetentionGap(*message, &error).has_value();
    else if (type == "ack"_L1)
        decoded = relay::decodeAck(*message, &error).has_value();
    QVERIFY(!decoded);
    QVERIFY(!error.isEmpty());
    QVERIFY(error.endsWith(u'.') || error.endsWith(u'"'));
}

void tst_RelayProtocol::closeCodeNames()
{
    QCOMPARE(relay::errorCodeName(relay::CloseCode::TooFarBehind), "too-far-behind"_L1);
    QCOMPARE(relay::closeCodeFromName(u"revoked"), relay::CloseCode::Revoked);
    QVERIFY(!relay::closeCodeFromName(u"nonsense"));
    QVERIFY(relay::errorCodeName(relay::CloseCode::GoingAway).isEmpty());
}

QTEST_GUILESS_MAIN(tst_RelayProtocol)
#include "tst_relayprotocol.moc"
