#include "http/httpserver.h"
#include "ingest/signature.h"
#include "sandbox/alertengine.h"
#include "sandbox/listquery.h"
#include "sandboxtesthelpers.h"

#include <QJsonArray>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace fw::sandbox;
using test::json;
using test::request;

namespace {

constexpr qint64 kMinuteUs = 60LL * 1000000;
const QByteArray kSecret = "hook-secret";

// A webhook receiver on fw::http::HttpServer that records every push and answers `status`.
class Receiver final : public QObject
{
public:
    explicit Receiver(bool tls = false, const QString &cert = {}, const QString &key = {})
    {
        if (tls) {
            QString error;
            const auto configuration = fw::http::loadTlsConfiguration(cert, key, &error);
            if (configuration)
                m_server.setTlsConfiguration(*configuration);
        }
        m_server.setSyncHandler([this](const fw::http::HttpRequest &request) {
            pushes.append(request);
            return fw::http::HttpResponse::text(status, "ok\n");
        });
        m_server.listen(QHostAddress::LocalHost, 0);
    }

    QString url(bool tls = false) const
    {
        return (tls ? u"https"_s : u"http"_s) % u"://127.0.0.1:"_s % QString::number(m_server.serverPort())
            % u"/hook"_s;
    }

    QList<fw::http::HttpRequest> pushes;
    int status = 200;

private:
    fw::http::HttpServer m_server;
};

QString addDestination(Sandbox &sandbox, const QString &url)
{
    const auto response = sandbox.api().handle(request("POST", "/api/v2/alert_push_destinations/", test::body({
        {u"name"_s, u"receiver"_s}, {u"endpoint"_s, QJsonObject{{u"url"_s, url}}},
        {u"authentication"_s, QJsonObject{{u"secret"_s, QString::fromLatin1(kSecret)}}}})));
    return json(response).value(u"destination_config_id"_s).toString();
}

void addRule(Sandbox &sandbox, const QString &destination, const QJsonArray &types,
             const QJsonArray &groups, const QJsonArray &accounts = {})
{
    const auto response = sandbox.api().handle(request("POST", "/api/v2/alert_rules/", test::body({
        {u"filter_criteria"_s, QJsonObject{{u"alert_type__in"_s, types}}},
        {u"associated_groups"_s, groups}, {u"associated_accounts"_s, accounts},
        {u"http_destinations"_s, QJsonArray{destination}}})));
    QCOMPARE(response.status, 201);
}

QJsonObject onlyAlert(const fw::http::HttpRequest &push)
{
    const QJsonArray data = QJsonDocument::fromJson(push.body).object().value(u"data"_s).toArray();
    return data.size() == 1 ? data.at(0).toObject() : QJsonObject();
}

SimEvent customAlert(int router)
{
    return {test::testStart(), router, u"custom_alert"_s, u"Custom alert."_s, QJsonObject{{u"n"_s, 1}}};
}

} // namespace

class tst_AlertEngine : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void pushesMatchingAlertsSignedAndInOrder()
    {
        Receiver receiver;
        Sandbox sandbox(test::testOptions(300, 9));
        const QString destination = addDestination(sandbox, receiver.url());
        addRule(sandbox, destination, {u"connection_state"_s, u"wwan_disconnected"_s}, {u"3101"_s, u"3104"_s});

        sandbox.advance(12 * 60 * kMinuteUs);
        const auto matching = [&sandbox] {
            int count = 0;
            for (const QJsonObject &alert : sandbox.engine().alerts()) {
                const QString type = alert.value(u"type"_s).toString();
                const int router = sandbox.fleet().routerIndex(referenceId(alert.value(u"router"_s).toString()).toLongLong());
                const QString group = sandbox.fleet().groups()[sandbox.fleet().routers()[size_t(router)].group].id;
                count += (type == u"connection_state"_s || type == u"wwan_disconnected"_s)
                    && (group == u"3101"_s || group == u"3104"_s);
            }
            return count;
        }();
        QVERIFY(matching > 0);
        QVERIFY(int(sandbox.engine().alerts().size()) > matching);
        QTRY_COMPARE(receiver.pushes.size(), matching);

        const fw::ingest::Signature signature(kSecret);
        QString previous;
        for (const auto &push : std::as_const(receiver.pushes)) {
            QVERIFY(signature.isValid(push.body, push.header("X-CP-Signature")));
            QCOMPARE(push.header("Content-Type"), "application/json");
            const QJsonObject alert = onlyAlert(push);
            QVERIFY(alert.value(u"router_details"_s).toObject().contains(u"serial_number"_s));
            QVERIFY(alert.value(u"created_at_timeuuid"_s).toString() != previous);
            previous = alert.value(u"created_at_timeuuid"_s).toString();
        }
        // In order: created_at never goes back.
        for (qsizetype i = 1; i < receiver.pushes.size(); ++i) {
            QVERIFY(onlyAlert(receiver.pushes[i - 1]).value(u"created_at"_s).toString()
                    < onlyAlert(receiver.pushes[i]).value(u"created_at"_s).toString());
        }
    }

    void accountScopeCoversItsRouters()
    {
        Receiver receiver;
        Sandbox sandbox(test::testOptions(20, 4));
        const QString destination = addDestination(sandbox, receiver.url());
        addRule(sandbox, destination, {u"custom_alert"_s}, {}, {u"1001"_s});

        int expected = 0;
        for (int i = 0; i < 20; ++i) {
            sandbox.engine().raise(customAlert(i));
            expected += sandbox.fleet().accountOf(sandbox.fleet().routers()[size_t(i)]).id == u"1001"_s;
        }
        QVERIFY(expected > 0 && expected < 20);
        QTRY_COMPARE(receiver.pushes.size(), expected);
        QCOMPARE(sandbox.engine().alerts().size(), size_t(20));
    }

    void retriesOnScheduleThenSuspends()
    {
        Receiver receiver;
        receiver.status = 500;
        Sandbox sandbox(test::testOptions(5, 4));
        const QString destination = addDestination(sandbox, receiver.url());
        addRule(sandbox, destination, {u"custom_alert"_s}, {}, {u"1001"_s, u"1002"_s, u"1003"_s});
        QSignalSpy suspended(&sandbox.engine(), &AlertEngine::destinationSuspended);
        QSignalSpy finished(&sandbox.engine(), &AlertEngine::pushFinished);

        sandbox.engine().raise(customAlert(0));
        QTRY_COMPARE(finished.size(), 1);   // the engine has seen the failure, not only the receiver

        int attempts = 1;
        for (const int minutes : AlertEngine::kRetryMinutes) {
            sandbox.advance((minutes - 1) * kMinuteUs);
            QTest::qWait(50);   // nothing may happen before the retry is due
            QCOMPARE(receiver.pushes.size(), attempts);
            sandbox.advance(kMinuteUs);
            ++attempts;
            QTRY_COMPARE(finished.size(), attempts);
            QCOMPARE(receiver.pushes.size(), attempts);
        }
        QTRY_COMPARE(suspended.size(), 1);
        QCOMPARE(attempts, 6);
        for (const auto &push : std::as_const(receiver.pushes))
            QCOMPARE(push.body, receiver.pushes.front().body);

        const QByteArray item = "/api/v2/alert_push_destinations/" + destination.toLatin1() + '/';
        const QJsonObject read = json(sandbox.api().handle(request("GET", item)));
        QCOMPARE(read.value(u"suspended"_s).toBool(), true);
        QVERIFY(read.value(u"last_error_at"_s).isString());
        QVERIFY(read.value(u"last_error_text"_s).toString().contains(u"500"_s));

        // Suspended: nothing more goes out, not even after hours.
        sandbox.engine().raise(customAlert(1));
        sandbox.advance(300 * kMinuteUs);
        QTest::qWait(50);
        QCOMPARE(receiver.pushes.size(), 6);

        receiver.status = 200;
        QCOMPARE(sandbox.api().handle(request("PATCH", item, "{\"suspended\": false}")).status, 200);
        sandbox.engine().raise(customAlert(2));
        QTRY_COMPARE(receiver.pushes.size(), 7);
        QCOMPARE(onlyAlert(receiver.pushes.last()).value(u"router_details"_s).toObject().value(u"name"_s),
                 sandbox.fleet().routers()[2].name);
    }

    void aRecoveredDestinationGetsTheQueueInOrder()
    {
        Receiver receiver;
        receiver.status = 503;
        Sandbox sandbox(test::testOptions(5, 4));
        const QString destination = addDestination(sandbox, receiver.url());
        addRule(sandbox, destination, {u"custom_alert"_s}, {}, {u"1001"_s, u"1002"_s, u"1003"_s});

        QSignalSpy finished(&sandbox.engine(), &AlertEngine::pushFinished);
        for (int i = 0; i < 3; ++i)
            sandbox.engine().raise(customAlert(i));
        QTRY_COMPARE(finished.size(), 1);
        QCOMPARE(receiver.pushes.size(), 1);
        receiver.status = 200;
        sandbox.advance(kMinuteUs);
        QTRY_COMPARE(receiver.pushes.size(), 4);
        QCOMPARE(receiver.pushes[1].body, receiver.pushes[0].body);
        QCOMPARE(onlyAlert(receiver.pushes[3]).value(u"router_details"_s).toObject().value(u"name"_s),
                 sandbox.fleet().routers()[2].name);
    }

    void testPushCarriesTheDestinationId()
    {
        Receiver receiver;
        Sandbox sandbox(test::testOptions(5));
        const QString destination = addDestination(sandbox, receiver.url());
        const auto response = sandbox.api().handle(request("POST", "/api/v2/test_alert_push_destinations/",
            test::body({{u"destination_config_id"_s, destination}})));
        QCOMPARE(response.status, 201);
        QVERIFY(json(response).value(u"success"_s).toBool());
        QTRY_COMPARE(receiver.pushes.size(), 1);
        QVERIFY(fw::ingest::Signature(kSecret).isValid(receiver.pushes[0].body, receiver.pushes[0].header("X-CP-Signature")));
        const QJsonObject info = onlyAlert(receiver.pushes[0]).value(u"info"_s).toObject();
        QCOMPARE(info.value(u"destination_config_id"_s).toString(), destination);
        QVERIFY(!info.value(u"message"_s).toString().isEmpty());

        QCOMPARE(sandbox.api().handle(request("POST", "/api/v2/test_alert_push_destinations/",
                                              "{\"destination_config_id\": \"nope\"}")).status, 400);
    }

    void pushesOverHttps()
    {
        const QString openssl = QStandardPaths::findExecutable(u"openssl"_s);
        if (openssl.isEmpty())
            QSKIP("openssl is not installed");
        QTemporaryDir dir;
        const QString cert = dir.filePath(u"cert.pem"_s);
        const QString key = dir.filePath(u"key.pem"_s);
        QCOMPARE(QProcess::execute(openssl, {u"req"_s, u"-x509"_s, u"-newkey"_s, u"ec"_s, u"-pkeyopt"_s,
                                             u"ec_paramgen_curve:prime256v1"_s, u"-nodes"_s, u"-keyout"_s, key,
                                             u"-out"_s, cert, u"-days"_s, u"1"_s, u"-subj"_s, u"/CN=127.0.0.1"_s}), 0);

        Receiver receiver(true, cert, key);
        SandboxOptions options = test::testOptions(5);
        options.ignorePushTlsErrors = true;   // a self-signed receiver
        Sandbox sandbox(options);
        const QString destination = addDestination(sandbox, receiver.url(true));
        addRule(sandbox, destination, {u"custom_alert"_s}, {}, {u"1001"_s, u"1002"_s, u"1003"_s});
        sandbox.engine().raise(customAlert(0));
        QTRY_COMPARE(receiver.pushes.size(), 1);
        QVERIFY(receiver.pushes[0].secure);
    }
};

QTEST_GUILESS_MAIN(tst_AlertEngine)
#include "tst_alertengine.moc"
