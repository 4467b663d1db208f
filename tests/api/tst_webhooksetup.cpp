#include "api/clock.h"
#include "api/fakencmserver.h"
#include "api/fakesecretstore.h"
#include "api/ncmclient.h"
#include "api/pushdestinations.h"
#include "api/webhooksetup.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

using namespace Qt::Literals::StringLiterals;
using namespace fw::api;
using fw::test::FakeNcmServer;
using fw::test::FakeRequest;
using fw::test::FakeResponse;
using fw::test::FakeSecretStore;
using fw::test::listPage;

namespace {

QJsonObject bodyOf(const FakeRequest &request)
{
    return QJsonDocument::fromJson(request.body).object();
}

} // namespace

class tst_WebhookSetup final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void secretIsFreshHex();
    void endToEnd();
    void pushBeforeTestAnswerCounts();
    void updatesExistingRule();
    void missingPushTimesOut();
    void otherDestinationsPushIgnored();
    void testAnswers_data();
    void testAnswers();
    void secretStoreFailureTakesDestinationBack();
    void refusesBadRequests_data();
    void refusesBadRequests();
    void checkAndUnsuspend();

private:
    WebhookSetupRequest request() const;
    WebhookSetupResult runAndWait();
    FakeResponse answer(const FakeRequest &request);

    std::unique_ptr<FakeNcmServer> m_server;
    std::unique_ptr<SystemClock> m_clock;
    std::unique_ptr<NcmClient> m_client;
    std::unique_ptr<FakeSecretStore> m_secrets;
    std::unique_ptr<WebhookSetup> m_setup;
    FakeResponse m_testAnswer;
    QByteArray m_rules;
    bool m_pushOnTest = true;
    QString m_pushId = u"dest-1"_s;
};

void tst_WebhookSetup::init()
{
    m_server = std::make_unique<FakeNcmServer>();
    QVERIFY(m_server->start());
    m_server->setHandler([this](const FakeRequest &request) { return answer(request); });
    m_clock = std::make_unique<SystemClock>(1000.0);
    ClientOptions options;
    options.baseUrl = m_server->baseUrl();
    m_client = std::make_unique<NcmClient>(ApiKeys{"a", "b", "c", "d"}, options, m_clock.get(), nullptr);
    m_secrets = std::make_unique<FakeSecretStore>();
    m_setup = std::make_unique<WebhookSetup>(m_client.get(), m_secrets.get());
    m_testAnswer = {201, {}, {}};
    m_rules = listPage({});
    m_pushOnTest = true;
    m_pushId = u"dest-1"_s;
}

void tst_WebhookSetup::cleanup()
{
    m_setup.reset();
    m_client.reset();
    m_server.reset();
}

// NCM's side: a destination "dest-1"; the test call makes the listener see a push.
FakeResponse tst_WebhookSetup::answer(const FakeRequest &request)
{
    if (request.method == "POST" && request.path.endsWith(u"/alert_push_destinations/"_s)) {
        return FakeResponse::json(R"({"destination_config_id": "dest-1", "name": "Fleetwall", "endpoint": {"url": "https://noc.example/webhook"}, "authentication": {"secret": "*"}, "enabled": true, "suspended": false})", 201);
    }
    if (request.path.endsWith(u"/test_alert_push_destinations/"_s)) {
        if (m_pushOnTest) {
            QTimer::singleShot(5, m_setup.get(), [this] { m_setup->testPushReceived(m_pushId); });
        }
        return m_testAnswer;
    }
    if (request.method == "GET" && request.path.endsWith(u"/alert_rules/"_s))
        return FakeResponse::json(m_rules);
    if (request.path.contains(u"/alert_rules/"_s)) {
        QJsonObject rule = bodyOf(request);
        rule.insert(u"alert_config_id"_s, request.method == "POST" ? u"rule-new"_s : request.path.section(u'/', 4, 4));
        return FakeResponse::json(QJsonDocument(rule).toJson(), request.method == "POST" ? 201 : 200);
    }
    if (request.method == "DELETE")
        return {204, {}, {}};
    if (request.method == "GET" && request.path.endsWith(u"/alert_push_destinations/dest-1/"_s)) {
        return FakeResponse::json(R"({"destination_config_id": "dest-1", "suspended": true, "last_error_at": "2026-01-01T10:00:00.000001+00:00", "last_error_text": "connection refused"})");
    }
    if (request.method == "PATCH")
        return FakeResponse::json("{}");
    return {404, {}, {}};
}

WebhookSetupRequest tst_WebhookSetup::request() const
{
    WebhookSetupRequest request;
    request.publicUrl = QUrl(u"https://noc.example/webhook"_s);
    request.rule.accountId = u"7"_s;
    request.rule.groupIds = {u"12"_s, u"13"_s};
    request.rule.alertTypes = {u"wwan_connected"_s, u"ipsec_tunnel_down"_s};
    request.confirmTimeoutMs = 5000;
    return request;
}

WebhookSetupResult tst_WebhookSetup::runAndWait()
{
    std::optional<WebhookSetupResult> result;
    connect(m_setup.get(), &WebhookSetup::finished, this,
            [&result](const WebhookSetupResult &value) { result = value; });
    m_setup->start(request());
    [&] { QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 10000); }();
    disconnect(m_setup.get(), &WebhookSetup::finished, this, nullptr);
    return result.value_or(WebhookSetupResult{{}, {}, u"never finished"_s, {}});
}

void tst_WebhookSetup::secretIsFreshHex()
{
    const QByteArray first = WebhookSetup::generateSecret();
    const QByteArray second = WebhookSetup::generateSecret();
    QCOMPARE(first.size(), 64);
    QVERIFY(QByteArray::fromHex(first).toHex() == first);
    QVERIFY(first != second);
}

void tst_WebhookSetup::endToEnd()
{
    QSignalSpy ready(m_setup.get(), &WebhookSetup::secretReady);
    QSignalSpy steps(m_setup.get(), &WebhookSetup::stepChanged);

    const WebhookSetupResult result = runAndWait();
    QVERIFY2(result.ok(), qPrintable(result.error));
    QCOMPARE(result.destinationId, u"dest-1"_s);
    QCOMPARE(result.ruleId, u"rule-new"_s);

    const auto &requests = m_server->requests();
    QCOMPARE(requests.size(), 4);
    const QString secret = bodyOf(requests.at(0)).value("authentication"_L1).toObject().value("secret"_L1).toString();
    QCOMPARE(secret.size(), 64);
    QCOMPARE(bodyOf(requests.at(0)).value("endpoint"_L1).toObject().value("url"_L1).toString(), u"https://noc.example/webhook"_s);
    QCOMPARE(m_secrets->secrets.value(u"webhook-secret/dest-1"_s), secret.toLatin1());
    QCOMPARE(ready.size(), 1);
    QCOMPARE(ready.first().value(1).toByteArray(), secret.toLatin1());

    QCOMPARE(bodyOf(requests.at(1)).value("destination_config_id"_L1).toString(), u"dest-1"_s);
    QCOMPARE(requests.at(2).method, QByteArray("GET"));
    const QJsonObject rule = bodyOf(requests.at(3));
    QCOMPARE(requests.at(3).method, QByteArray("POST"));
    QCOMPARE(rule.value("http_destinations"_L1).toArray(), (QJsonArray{u"dest-1"_s}));
    QCOMPARE(rule.value("associated_groups"_L1).toArray(), (QJsonArray{u"12"_s, u"13"_s}));
    QCOMPARE(rule.value("filter_criteria"_L1).toObject().value("alert_type__in"_L1).toArray(),
             (QJsonArray{u"wwan_connected"_s, u"ipsec_tunnel_down"_s}));
    QVERIFY(rule.value("account"_L1).toString().endsWith(u"/accounts/7/"_s));
    QCOMPARE(steps.last().value(0).value<WebhookSetup::Step>(), WebhookSetup::Step::Done);
}

void tst_WebhookSetup::pushBeforeTestAnswerCounts()
{
    m_pushOnTest = false;
    connect(m_setup.get(), &WebhookSetup::secretReady, this,
            [this](const QString &id) { m_setup->testPushReceived(id); });
    const WebhookSetupResult result = runAndWait();
    QVERIFY2(result.ok(), qPrintable(result.error));
}

void tst_WebhookSetup::updatesExistingRule()
{
    m_rules = listPage({R"({"alert_config_id": "rule-9", "http_destinations": ["other", "dest-1"], "associated_groups": [], "filter_criteria": {"alert_type__in": ["custom_alert"]}})"});
    const WebhookSetupResult result = runAndWait();
    QVERIFY2(result.ok(), qPrintable(result.error));
    QCOMPARE(result.ruleId, u"rule-9"_s);

    const FakeRequest &write = m_server->requests().last();
    QCOMPARE(write.method, QByteArray("PATCH"));
    QCOMPARE(write.path, u"/api/v2/alert_rules/rule-9/"_s);
    QCOMPARE(bodyOf(write).value("http_destinations"_L1).toArray(), (QJsonArray{u"other"_s, u"dest-1"_s}));
    QVERIFY(!bodyOf(write).contains("account"_L1));
}

void tst_WebhookSetup::missingPushTimesOut()
{
    m_pushOnTest = false;
    const WebhookSetupResult result = runAndWait();
    QVERIFY(result.error.startsWith(u"NCM's test push did not arrive at https://noc.example/webhook within 5 s"_s));
    QCOMPARE(result.destinationId, u"dest-1"_s); // kept, so the operator can test again
    QCOMPARE(m_server->requests().size(), 2);    // no rule written
}

void tst_WebhookSetup::otherDestinationsPushIgnored()
{
    m_pushId = u"dest-other"_s;
    const WebhookSetupResult result = runAndWait();
    QVERIFY(result.error.contains(u"did not arrive"_s));
}

void tst_WebhookSetup::testAnswers_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("accepted");

    QTest::newRow("201 empty") << 201 << QByteArray() << true;
    QTest::newRow("200 success true") << 200 << QByteArray(R"({"success": true, "details": "sent"})") << true;
    QTest::newRow("204") << 204 << QByteArray() << true;
    QTest::newRow("200 not JSON") << 200 << QByteArray("OK") << true;
    QTest::newRow("200 success false") << 200 << QByteArray(R"({"success": false, "details": "unreachable"})") << false;
    QTest::newRow("400") << 400 << QByteArray(R"({"message": "bad destination"})") << false;
}

void tst_WebhookSetup::testAnswers()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(bool, accepted);

    m_testAnswer = {status, body, {}};
    const WebhookSetupResult result = runAndWait();
    QCOMPARE(result.ok(), accepted);
    if (!accepted)
        QVERIFY(result.error.contains(status == 400 ? u"bad destination"_s : u"unreachable"_s));
}

void tst_WebhookSetup::secretStoreFailureTakesDestinationBack()
{
    m_secrets->failWrites = u"The system keychain refused the request (locked)."_s;
    const WebhookSetupResult result = runAndWait();
    QCOMPARE(result.error, m_secrets->failWrites);
    QVERIFY(result.destinationId.isEmpty());
    QCOMPARE(m_server->requests().last().method, QByteArray("DELETE"));
    QCOMPARE(m_server->requests().last().path, u"/api/v2/alert_push_destinations/dest-1/"_s);
}

void tst_WebhookSetup::refusesBadRequests_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<bool>("withScope");
    QTest::addColumn<QString>("errorPart");

    QTest::newRow("no URL") << QString() << true << u"public URL"_s;
    QTest::newRow("ftp URL") << u"ftp://noc.example/"_s << true << u"public URL"_s;
    QTest::newRow("no scope") << u"https://noc.example/"_s << false << u"account or a group"_s;
}

void tst_WebhookSetup::refusesBadRequests()
{
    QFETCH(QString, url);
    QFETCH(bool, withScope);
    QFETCH(QString, errorPart);

    WebhookSetupRequest bad = request();
    bad.publicUrl = QUrl(url);
    if (!withScope)
        bad.rule.groupIds.clear();
    QSignalSpy finished(m_setup.get(), &WebhookSetup::finished);
    m_setup->start(bad);
    QCOMPARE(finished.size(), 1);
    QVERIFY(finished.first().value(0).value<WebhookSetupResult>().error.contains(errorPart));
    QVERIFY(m_server->requests().isEmpty());
}

void tst_WebhookSetup::checkAndUnsuspend()
{
    PushDestinations destinations(m_client.get());
    std::optional<DestinationInfo> info;
    destinations.check(u"dest-1"_s, this, [&info](const std::optional<DestinationInfo> &value, const QString &) { info = value; });
    QTRY_VERIFY(info.has_value());
    QVERIFY(info->suspended);
    QCOMPARE(info->lastErrorText, u"connection refused"_s);

    std::optional<QString> done;
    destinations.unsuspend(u"dest-1"_s, this, [&done](const QString &error) { done = error; });
    QTRY_VERIFY(done.has_value());
    QCOMPARE(*done, QString());
    const FakeRequest &patch = m_server->requests().last();
    QCOMPARE(patch.method, QByteArray("PATCH"));
    QCOMPARE(patch.path, u"/api/v2/alert_push_destinations/dest-1/"_s);
    QCOMPARE(patch.body, QByteArray(R"({"suspended":false})"));
}

QTEST_GUILESS_MAIN(tst_WebhookSetup)
#include "tst_webhooksetup.moc"
