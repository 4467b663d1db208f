#include "fakeeventstore.h"
#include "http/rawhttpclient.h"
#include "ingest/signature.h"
#include "ingest/webhooklistener.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace Qt::Literals::StringLiterals;
using fw::ingest::ListenerConfig;
using fw::ingest::Signature;
using fw::ingest::WebhookListener;

namespace {

constexpr QByteArrayView Secret = "listener-secret";

QByteArray pushBody(int n = 1, const QString &type = u"wwan_connected"_s)
{
    const QJsonObject alert{
        {u"type"_s, type},
        {u"detected_at"_s, u"2026-11-01T10:20:30.%1+00:00"_s.arg(100000 + n)},
        {u"friendly_info"_s, u"Modem up."_s},
        {u"info"_s, QJsonObject{}},
        {u"router"_s, u"https://www.cradlepointecm.com/api/v2/routers/%1/"_s.arg(n)},
        {u"router_details"_s, QJsonObject{{u"name"_s, u"BUS-1"_s}}},
    };
    const QJsonObject push{{u"data"_s, QJsonArray{alert}}};
    return QJsonDocument(push).toJson(QJsonDocument::Compact);
}

struct Reply
{
    int status = 0;
    QByteArray body;
    QByteArray allow;
};

} // namespace

class tst_WebhookListener final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void acceptedAfterCommit();
    void duplicateIsAcknowledged();
    void signatureRefused_data();
    void signatureRefused();
    void secondSecretDuringRotation();
    void invalidPush();
    void bodyTooLargeOverQnam();
    void bodyTooLargeRefusedBeforeSent();
    void wrongMethod();
    void unknownPath();
    void storeFailureIs503();
    void healthRevealsNothingSecret();
    void allowlist_data();
    void allowlist();
    void stopAnswersInFlight();
    void badConfiguration();

private:
    bool start(ListenerConfig config = {});
    Reply post(const QByteArray &body, const QByteArray &signature,
               const QList<std::pair<QByteArray, QByteArray>> &headers = {},
               const QString &path = u"/webhook"_s);
    Reply get(const QString &path);
    Reply wait(QNetworkReply *reply);

    std::unique_ptr<fw::test::FakeEventStore> m_store;
    std::unique_ptr<WebhookListener> m_listener;
    QNetworkAccessManager m_manager;
};

void tst_WebhookListener::init()
{
    m_store = std::make_unique<fw::test::FakeEventStore>();
    m_listener = std::make_unique<WebhookListener>(m_store.get());
}

void tst_WebhookListener::cleanup()
{
    m_listener.reset();
    m_store.reset();
}

bool tst_WebhookListener::start(ListenerConfig config)
{
    config.address = QHostAddress::LocalHost;
    config.port = 0;
    if (config.secret.isEmpty())
        config.secret = Secret.toByteArray();
    const bool started = m_listener->start(config);
    if (!started)
        qWarning() << m_listener->errorString();
    return started && m_listener->port() != 0;
}

Reply tst_WebhookListener::wait(QNetworkReply *reply)
{
    std::unique_ptr<QNetworkReply> owner(reply);
    if (!QTest::qWaitFor([reply] { return reply->isFinished(); }, 10'000))
        return {};
    return {reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), reply->readAll(),
            reply->rawHeader("Allow")};
}

Reply tst_WebhookListener::post(const QByteArray &body, const QByteArray &signature,
                                const QList<std::pair<QByteArray, QByteArray>> &headers,
                                const QString &path)
{
    QNetworkRequest request(QUrl(u"http://127.0.0.1:%1%2"_s.arg(m_listener->port()).arg(path)));
    request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
    if (!signature.isNull())
        request.setRawHeader("X-CP-Signature", signature);
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);
    return wait(m_manager.post(request, body));
}

Reply tst_WebhookListener::get(const QString &path)
{
    return wait(m_manager.get(QNetworkRequest(QUrl(u"http://127.0.0.1:%1%2"_s.arg(m_listener->port()).arg(path)))));
}

void tst_WebhookListener::acceptedAfterCommit()
{
    QVERIFY(start());
    const QDateTime before = QDateTime::currentDateTimeUtc();
    const QByteArray body = pushBody(7);
    const Reply reply = post(body, Signature::sign(Secret, body));
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.body, R"({"accepted":1})");

    const auto events = m_store->events();
    QCOMPARE(events.size(), 1);
    const auto &event = events.first();
    QCOMPARE(event.alert.type, u"wwan_connected");
    QCOMPARE(event.alert.routerId, u"7");
    QCOMPARE(event.source, fw::store::Source::Push);
    QVERIFY(event.signatureVerified);
    QVERIFY(event.receivedAt >= before.addSecs(-1));
    QVERIFY(!event.category.isEmpty());
    QCOMPARE(m_listener->stats().acceptedPushes, 1u);
    QCOMPARE(m_listener->stats().storedEvents, 1u);
}

void tst_WebhookListener::duplicateIsAcknowledged()
{
    QVERIFY(start());
    const QByteArray body = pushBody(3);
    QCOMPARE(post(body, Signature::sign(Secret, body)).status, 200);
    const Reply again = post(body, Signature::sign(Secret, body));
    QCOMPARE(again.status, 200);
    QCOMPARE(again.body, R"({"accepted":1})");
    QCOMPARE(m_store->events().size(), 1);
    QCOMPARE(m_listener->stats().duplicateEvents, 1u);
}

void tst_WebhookListener::signatureRefused_data()
{
    QTest::addColumn<QByteArray>("signature");
    QTest::addColumn<QByteArray>("bodyPart");

    const QByteArray body = pushBody();
    QTest::newRow("missing") << QByteArray() << QByteArray("missing");
    QTest::newRow("wrong secret") << Signature::sign("another", body) << QByteArray("does not match");
    QTest::newRow("truncated") << Signature::sign(Secret, body).left(40) << QByteArray("does not match");
}

void tst_WebhookListener::signatureRefused()
{
    QFETCH(QByteArray, signature);
    QFETCH(QByteArray, bodyPart);

    QVERIFY(start());
    QSignalSpy rejected(m_listener.get(), &WebhookListener::rejected);
    const Reply reply = post(pushBody(), signature);
    QCOMPARE(reply.status, 403);
    QVERIFY2(reply.body.contains(bodyPart), reply.body.constData());
    QCOMPARE(m_store->appends(), 0);
    QCOMPARE(m_listener->stats().forbiddenSignature, 1u);
    QTRY_COMPARE(rejected.size(), 1);
    QCOMPARE(rejected.first().at(0).toInt(), 403);
}

void tst_WebhookListener::secondSecretDuringRotation()
{
    ListenerConfig config;
    config.secret = "new-secret";
    config.secondSecret = "old-secret";
    QVERIFY(start(config));
    const QByteArray body = pushBody();
    QCOMPARE(post(body, Signature::sign("old-secret", body)).status, 200);
    QCOMPARE(post(body, Signature::sign("new-secret", body)).status, 200);
    QCOMPARE(post(body, Signature::sign("older-secret", body)).status, 403);
}

void tst_WebhookListener::invalidPush()
{
    QVERIFY(start());
    const QByteArray body = "{\"data\":[{\"type\":\"wwan_connected\"}]}";
    const Reply reply = post(body, Signature::sign(Secret, body));
    QCOMPARE(reply.status, 400);
    QVERIFY2(reply.body.contains("detected_at"), reply.body.constData());
    QCOMPARE(m_store->appends(), 0);
    QCOMPARE(m_listener->stats().invalidPush, 1u);
}

void tst_WebhookListener::bodyTooLargeOverQnam()
{
    QVERIFY(start());
    const QByteArray body(2 * 1024 * 1024, ' ');
    const Reply reply = post(body, Signature::sign(Secret, body));
    QCOMPARE(reply.status, 413);
    QCOMPARE(m_store->appends(), 0);
    QTRY_COMPARE(m_listener->stats().tooLarge, 1u);
}

// The client announces 1 GiB and sends nothing of it: the 413 must come anyway.
void tst_WebhookListener::bodyTooLargeRefusedBeforeSent()
{
    QVERIFY(start());
    fw::test::RawHttpClient client;
    QVERIFY(client.connectTo(m_listener->port()));
    const QByteArray head = "POST /webhook HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                            "X-CP-Signature: 00\r\nContent-Length: 1073741824\r\n\r\n";
    client.send(head);

    const auto response = client.readResponse();
    QVERIFY(response);
    QCOMPARE(response->status, 413);
    QCOMPARE(client.socket.bytesToWrite(), 0);
    QVERIFY(head.size() < 200); // all the client ever sent
    QVERIFY(client.waitForClosed());
}

void tst_WebhookListener::wrongMethod()
{
    QVERIFY(start());
    const Reply reply = get(u"/webhook"_s);
    QCOMPARE(reply.status, 405);
    QCOMPARE(reply.allow, "POST");
    QCOMPARE(m_listener->stats().wrongMethod, 1u);
}

void tst_WebhookListener::unknownPath()
{
    QVERIFY(start());
    const QByteArray body = pushBody();
    QCOMPARE(post(body, Signature::sign(Secret, body), {}, u"/elsewhere"_s).status, 404);
    QCOMPARE(get(u"/"_s).status, 404);
    QCOMPARE(m_listener->stats().notFound, 2u);
}

void tst_WebhookListener::storeFailureIs503()
{
    QVERIFY(start());
    m_store->setFailing(true);
    const QByteArray body = pushBody();
    const Reply reply = post(body, Signature::sign(Secret, body));
    QCOMPARE(reply.status, 503);
    QCOMPARE(m_listener->stats().storeUnavailable, 1u);
    QCOMPARE(m_listener->stats().acceptedPushes, 0u);

    m_store->setFailing(false);
    QCOMPARE(post(body, Signature::sign(Secret, body)).status, 200);
}

void tst_WebhookListener::healthRevealsNothingSecret()
{
    ListenerConfig config;
    config.secret = "do-not-leak-me";
    QVERIFY(start(config));
    const QByteArray body = pushBody();
    QCOMPARE(post(body, Signature::sign("do-not-leak-me", body)).status, 200);

    const Reply reply = get(u"/healthz"_s);
    QCOMPARE(reply.status, 200);
    QVERIFY(!reply.body.contains("do-not-leak-me"));
    const QJsonObject health = QJsonDocument::fromJson(reply.body).object();
    QCOMPARE(health.value(u"status"_s).toString(), u"ok");
    QCOMPARE(health.value(u"accepted"_s).toInt(), 1);
    QVERIFY(health.contains(u"uptime_s"_s));
    QCOMPARE(post("x", "", {}, u"/healthz"_s).status, 405);
}

void tst_WebhookListener::allowlist_data()
{
    QTest::addColumn<QStringList>("allowed");
    QTest::addColumn<QStringList>("proxies");
    QTest::addColumn<QByteArray>("forwardedFor");
    QTest::addColumn<int>("status");

    const QStringList loopback{u"127.0.0.0/8"_s};
    const QStringList documentation{u"203.0.113.0/24"_s};
    const QStringList us{u"127.0.0.1"_s};
    QTest::newRow("no allowlist") << QStringList() << QStringList() << QByteArray() << 200;
    QTest::newRow("inside") << loopback << QStringList() << QByteArray() << 200;
    QTest::newRow("outside") << QStringList{u"10.0.0.0/8"_s} << QStringList() << QByteArray() << 403;
    QTest::newRow("IPv6 subnet only") << QStringList{u"fd00::/8"_s} << QStringList() << QByteArray() << 403;
    QTest::newRow("forwarded, untrusted peer") << documentation << QStringList() << QByteArray("203.0.113.7") << 403;
    QTest::newRow("forwarded by trusted proxy") << documentation << us << QByteArray("203.0.113.7") << 200;
    QTest::newRow("forwarded, outside") << documentation << us << QByteArray("198.51.100.1") << 403;
    QTest::newRow("spoofed left entry") << documentation << us << QByteArray("203.0.113.7, 198.51.100.1") << 403;
    QTest::newRow("chain through our proxy") << documentation << us << QByteArray("198.51.100.1, 203.0.113.7, 127.0.0.1") << 200;
    QTest::newRow("garbled") << documentation << us << QByteArray("not-an-address") << 403;
    QTest::newRow("trusted proxy, no header") << loopback << us << QByteArray() << 200;
}

void tst_WebhookListener::allowlist()
{
    QFETCH(QStringList, allowed);
    QFETCH(QStringList, proxies);
    QFETCH(QByteArray, forwardedFor);
    QFETCH(int, status);

    ListenerConfig config;
    for (const QString &subnet : allowed)
        config.allowed.append(QHostAddress::parseSubnet(subnet));
    for (const QString &proxy : proxies)
        config.trustedProxies.append(QHostAddress(proxy));
    QVERIFY(start(config));

    const QByteArray body = pushBody();
    QList<std::pair<QByteArray, QByteArray>> headers;
    if (!forwardedFor.isEmpty())
        headers.append({"X-Forwarded-For", forwardedFor});
    QCOMPARE(post(body, Signature::sign(Secret, body), headers).status, status);
    QCOMPARE(m_listener->stats().forbiddenAddress, status == 403 ? 1u : 0u);
}

void tst_WebhookListener::stopAnswersInFlight()
{
    QVERIFY(start());
    const QByteArray body = pushBody(11);
    QNetworkRequest request(QUrl(u"http://127.0.0.1:%1/webhook"_s.arg(m_listener->port())));
    request.setRawHeader("X-CP-Signature", Signature::sign(Secret, body));
    std::unique_ptr<QNetworkReply> reply(m_manager.post(request, body));
    QTRY_COMPARE(m_store->appends(), 1);

    QVERIFY(m_listener->stop(5000));
    QTRY_VERIFY(reply->isFinished());
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    QVERIFY(!m_listener->isListening());
}

void tst_WebhookListener::badConfiguration()
{
    ListenerConfig config;
    config.secret = "x";
    config.path = u"webhook"_s;
    QVERIFY(!m_listener->start(config));
    QVERIFY(!m_listener->errorString().isEmpty());

    QVERIFY(start());
    WebhookListener second(m_store.get());
    config.path = u"/webhook"_s;
    config.address = QHostAddress::LocalHost;
    config.port = m_listener->port();
    QVERIFY(!second.start(config));
    QVERIFY(second.errorString().contains(QString::number(config.port)));
}

QTEST_GUILESS_MAIN(tst_WebhookListener)
#include "tst_webhooklistener.moc"
