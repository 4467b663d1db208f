#include "api/callledger.h"
#include "api/clock.h"
#include "api/fakencmserver.h"
#include "api/ncmclient.h"

#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>
#include <QTimeZone>

using namespace Qt::Literals::StringLiterals;
using namespace fw::api;
using fw::test::FakeNcmServer;
using fw::test::FakeRequest;
using fw::test::FakeResponse;
using fw::test::listPage;

namespace {

ApiKeys testKeys()
{
    return {"cp-id", "cp-key", "ecm-id", "ecm-key"};
}

} // namespace

class tst_NcmClient final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void endpointUrl_data();
    void endpointUrl();
    void headersOnEveryRequest();
    void contentTypeOnBodies();
    void paginationFollowsNext_data();
    void paginationFollowsNext();
    void paginationRefusesForeignHost();
    void mayFollow_data();
    void mayFollow();
    void chunksInLists();
    void retries_data();
    void retries();
    void givesUpAfterMaxAttempts();
    void retryAfterHonoured_data();
    void retryAfterHonoured();
    void budgetSpacesCalls();
    void budgetTokenBucket();
    void badAnswers_data();
    void badAnswers();
    void failureWording_data();
    void failureWording();
    void redirectNotFollowed();
    void goneContextSpendsNoCall();
    void ledgerCountsPerEndpointAndDay();

private:
    NcmClient *makeClient(ClientOptions options = {});
    ApiReply getAndWait(NcmClient *client, const QString &path, const QUrlQuery &query = {});
    QString listAndWait(NcmClient *client, const QString &path, QStringList *ids);

    std::unique_ptr<FakeNcmServer> m_server;
    std::unique_ptr<SystemClock> m_clock;
    std::unique_ptr<CallLedger> m_ledger;
    std::unique_ptr<NcmClient> m_client;
};

void tst_NcmClient::init()
{
    m_server = std::make_unique<FakeNcmServer>();
    QVERIFY(m_server->start());
    // 1000x: backoff and Retry-After seconds become milliseconds.
    m_clock = std::make_unique<SystemClock>(1000.0);
    m_server->setTimeSource([clock = m_clock.get()] { return clock->now(); });
    m_ledger = std::make_unique<CallLedger>(std::make_unique<MemoryCallCountStore>(), m_clock.get());
}

void tst_NcmClient::cleanup()
{
    m_client.reset();
    m_ledger.reset();
    m_server.reset();
    m_clock.reset();
}

NcmClient *tst_NcmClient::makeClient(ClientOptions options)
{
    options.baseUrl = m_server->baseUrl();
    m_client = std::make_unique<NcmClient>(testKeys(), options, m_clock.get(), m_ledger.get());
    return m_client.get();
}

ApiReply tst_NcmClient::getAndWait(NcmClient *client, const QString &path, const QUrlQuery &query)
{
    std::optional<ApiReply> result;
    client->get(path, query, this, [&result](const ApiReply &reply) { result = reply; });
    [&] { QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 10000); }();
    return result.value_or(ApiReply{-1, {}, u"no reply"_s, {}, 0});
}

QString tst_NcmClient::listAndWait(NcmClient *client, const QString &path, QStringList *ids)
{
    std::optional<QString> finished;
    client->list(path, {}, this,
                 [ids](const QJsonArray &records) {
                     for (const QJsonValue &record : records)
                         ids->append(record.toObject().value("id"_L1).toString());
                     return QString();
                 },
                 [&finished](const QString &error) { finished = error; });
    [&] { QTRY_VERIFY_WITH_TIMEOUT(finished.has_value(), 10000); }();
    return finished.value_or(u"never finished"_s);
}

void tst_NcmClient::endpointUrl_data()
{
    QTest::addColumn<QString>("base");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("expected");

    QTest::newRow("plain") << u"https://www.cradlepointecm.com/api/v2/"_s << u"routers"_s
                           << u"https://www.cradlepointecm.com/api/v2/routers/"_s;
    QTest::newRow("base without slash") << u"https://h.example/api/v2"_s << u"routers"_s
                                        << u"https://h.example/api/v2/routers/"_s;
    QTest::newRow("leading slash kept relative") << u"https://h.example/api/v2/"_s << u"/alerts"_s
                                                 << u"https://h.example/api/v2/alerts/"_s;
    QTest::newRow("id path") << u"https://h.example/api/v2/"_s << u"alert_rules/abc-1"_s
                             << u"https://h.example/api/v2/alert_rules/abc-1/"_s;
    QTest::newRow("already slashed") << u"https://h.example/api/v2/"_s << u"groups/"_s
                                     << u"https://h.example/api/v2/groups/"_s;
}

void tst_NcmClient::endpointUrl()
{
    QFETCH(QString, base);
    QFETCH(QString, path);
    QFETCH(QString, expected);

    ClientOptions options;
    options.baseUrl = QUrl(base);
    NcmClient client(testKeys(), options, m_clock.get(), nullptr);
    QCOMPARE(client.endpointUrl(path).toString(), expected);
}

void tst_NcmClient::headersOnEveryRequest()
{
    m_server->setHandler([](const FakeRequest &) { return FakeResponse::json(listPage({})); });
    auto *client = makeClient();

    QUrlQuery query;
    query.addQueryItem(u"state"_s, u"online"_s);
    QVERIFY(getAndWait(client, u"routers"_s, query).ok());

    QCOMPARE(m_server->requests().size(), 1);
    const FakeRequest &request = m_server->requests().first();
    QCOMPARE(request.method, QByteArray("GET"));
    QCOMPARE(request.path, u"/api/v2/routers/"_s);
    QCOMPARE(request.query.queryItemValue(u"state"_s), u"online"_s);
    QCOMPARE(request.headers.value("x-cp-api-id"), QByteArray("cp-id"));
    QCOMPARE(request.headers.value("x-cp-api-key"), QByteArray("cp-key"));
    QCOMPARE(request.headers.value("x-ecm-api-id"), QByteArray("ecm-id"));
    QCOMPARE(request.headers.value("x-ecm-api-key"), QByteArray("ecm-key"));
    QVERIFY(!request.headers.contains("content-type"));
}

void tst_NcmClient::contentTypeOnBodies()
{
    m_server->setHandler([](const FakeRequest &) { return FakeResponse::json("{}", 201); });
    auto *client = makeClient();

    std::optional<ApiReply> result;
    client->send("PATCH", u"alert_push_destinations/d-1"_s, QJsonObject{{u"suspended"_s, false}}, this,
                 [&result](const ApiReply &reply) { result = reply; });
    QTRY_VERIFY(result.has_value());
    QVERIFY(result->ok());
    QCOMPARE(result->status, 201);

    const FakeRequest &request = m_server->requests().first();
    QCOMPARE(request.method, QByteArray("PATCH"));
    QCOMPARE(request.path, u"/api/v2/alert_push_destinations/d-1/"_s);
    QCOMPARE(request.headers.value("content-type"), QByteArray("application/json"));
    QCOMPARE(request.body, QByteArray(R"({"suspended":false})"));
}

void tst_NcmClient::paginationFollowsNext_data()
{
    QTest::addColumn<bool>("relativeLinks");
    QTest::newRow("absolute next links") << false;
    QTest::newRow("relative next links") << true;
}

void tst_NcmClient::paginationFollowsNext()
{
    QFETCH(bool, relativeLinks);

    const QUrl base = m_server->baseUrl();
    m_server->setHandler([base, relativeLinks](const FakeRequest &request) {
        const int offset = request.query.queryItemValue(u"offset"_s).toInt();
        QList<QByteArray> records;
        for (int i = offset; i < std::min(offset + 2, 5); ++i)
            records.append("{\"id\": \"" + QByteArray::number(i) + "\"}");
        QString next;
        if (offset + 2 < 5) {
            const QString relative = u"routers/?limit=2&offset=%1"_s.arg(offset + 2);
            next = relativeLinks ? u"/api/v2/"_s + relative : base.resolved(QUrl(relative)).toString();
        }
        return FakeResponse::json(listPage(records, next));
    });
    auto *client = makeClient();

    QStringList ids;
    QCOMPARE(listAndWait(client, u"routers"_s, &ids), QString());
    QCOMPARE(ids, (QStringList{u"0"_s, u"1"_s, u"2"_s, u"3"_s, u"4"_s}));
    QCOMPARE(m_server->requests().size(), 3);
    QCOMPARE(m_server->requests().first().query.queryItemValue(u"limit"_s), u"500"_s);
    for (const FakeRequest &request : m_server->requests())
        QVERIFY(request.path.endsWith(u'/'));
}

void tst_NcmClient::paginationRefusesForeignHost()
{
    m_server->setHandler([](const FakeRequest &) {
        return FakeResponse::json(listPage({"{\"id\": \"1\"}"}, u"https://collector.example.net/api/v2/routers/?offset=1"_s));
    });
    auto *client = makeClient();

    QStringList ids;
    const QString error = listAndWait(client, u"routers"_s, &ids);
    QVERIFY2(error.contains(u"collector.example.net, which is not an NCM host"_s), qPrintable(error));
    QCOMPARE(m_server->requests().size(), 1);
}

void tst_NcmClient::mayFollow_data()
{
    QTest::addColumn<QString>("base");
    QTest::addColumn<QString>("link");
    QTest::addColumn<bool>("allowed");

    const QString ncm = u"https://www.cradlepointecm.com/api/v2/"_s;
    QTest::newRow("same host") << ncm << u"https://www.cradlepointecm.com/api/v2/routers/?offset=500"_s << true;
    QTest::newRow("shard host") << ncm << u"https://www.us0.cradlepointecm.com/api/v2/routers/"_s << true;
    QTest::newRow("shard host, explicit 443") << ncm << u"https://www.us0.cradlepointecm.com:443/api/v2/routers/"_s << true;
    QTest::newRow("http downgrade") << ncm << u"http://www.cradlepointecm.com/api/v2/routers/"_s << false;
    QTest::newRow("other port on NCM domain") << ncm << u"https://www.cradlepointecm.com:8443/api/v2/"_s << false;
    QTest::newRow("lookalike domain") << ncm << u"https://evilcradlepointecm.com/api/v2/"_s << false;
    QTest::newRow("suffix trick") << ncm << u"https://cradlepointecm.com.example.net/api/v2/"_s << false;
    QTest::newRow("user info") << ncm << u"https://u:p@www.cradlepointecm.com/api/v2/"_s << false;
    const QString local = u"http://127.0.0.1:8080/api/v2/"_s;
    QTest::newRow("sandbox same origin") << local << u"http://127.0.0.1:8080/api/v2/routers/?offset=2"_s << true;
    QTest::newRow("sandbox other port") << local << u"http://127.0.0.1:9090/api/v2/routers/"_s << false;
    QTest::newRow("sandbox to NCM over http") << local << u"http://www.cradlepointecm.com/api/v2/"_s << false;
}

void tst_NcmClient::mayFollow()
{
    QFETCH(QString, base);
    QFETCH(QString, link);
    QFETCH(bool, allowed);

    ClientOptions options;
    options.baseUrl = QUrl(base);
    NcmClient client(testKeys(), options, m_clock.get(), nullptr);
    QCOMPARE(client.mayFollow(QUrl(link)), allowed);
}

void tst_NcmClient::chunksInLists()
{
    m_server->setHandler([](const FakeRequest &request) {
        QList<QByteArray> records;
        const QStringList ids = request.query.queryItemValue(u"router__in"_s).split(u',');
        for (const QString &id : ids)
            records.append("{\"id\": \"" + id.toUtf8() + "\"}");
        return FakeResponse::json(listPage(records));
    });
    auto *client = makeClient();

    QStringList wanted;
    for (int i = 0; i < 250; ++i)
        wanted.append(QString::number(1000 + i));

    QStringList seen;
    std::optional<QString> finished;
    client->listIn(u"locations"_s, {}, u"router"_s, wanted, this,
                   [&seen](const QJsonArray &records) {
                       for (const QJsonValue &record : records)
                           seen.append(record.toObject().value("id"_L1).toString());
                       return QString();
                   },
                   [&finished](const QString &error) { finished = error; });
    QTRY_VERIFY(finished.has_value());
    QCOMPARE(*finished, QString());

    QCOMPARE(m_server->requests().size(), 3);
    QCOMPARE(m_server->requests().at(0).query.queryItemValue(u"router__in"_s).split(u',').size(), 100);
    QCOMPARE(m_server->requests().at(1).query.queryItemValue(u"router__in"_s).split(u',').size(), 100);
    QCOMPARE(m_server->requests().at(2).query.queryItemValue(u"router__in"_s).split(u',').size(), 50);
    QCOMPARE(seen, wanted);
}

void tst_NcmClient::retries_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("retried");

    QTest::newRow("408") << 408 << QByteArray() << true;
    QTest::newRow("429") << 429 << QByteArray() << true;
    QTest::newRow("500 shard-router") << 500 << QByteArray("Internal error shard-router-3") << true;
    QTest::newRow("502") << 502 << QByteArray() << true;
    QTest::newRow("503") << 503 << QByteArray() << true;
    QTest::newRow("504") << 504 << QByteArray() << true;
    QTest::newRow("409 without errors (throttling)") << 409 << QByteArray("{}") << true;
    QTest::newRow("409 with errors") << 409 << QByteArray(R"({"errors": [{"detail": "order_by is not allowed"}]})") << false;
    QTest::newRow("400") << 400 << QByteArray(R"({"message": "bad filter"})") << false;
    QTest::newRow("404") << 404 << QByteArray() << false;
}

void tst_NcmClient::retries()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(bool, retried);

    int calls = 0;
    m_server->setHandler([&calls, status, body](const FakeRequest &) {
        return ++calls == 1 ? FakeResponse{status, body, {}} : FakeResponse::json(listPage({}));
    });
    auto *client = makeClient();
    QSignalSpy throttled(client, &NcmClient::throttled);

    const ApiReply reply = getAndWait(client, u"routers"_s);
    QCOMPARE(reply.ok(), retried);
    QCOMPARE(m_server->requests().size(), retried ? 2 : 1);
    QCOMPARE(reply.attempts, retried ? 2 : 1);
    QCOMPARE(throttled.size(), retried ? 1 : 0);
    if (!retried)
        QCOMPARE(reply.status, status);
}

void tst_NcmClient::givesUpAfterMaxAttempts()
{
    m_server->setHandler([](const FakeRequest &) { return FakeResponse{503, "busy", {}}; });
    ClientOptions options;
    options.maxAttempts = 3;
    auto *client = makeClient(options);

    const ApiReply reply = getAndWait(client, u"routers"_s);
    QVERIFY(!reply.ok());
    QCOMPARE(m_server->requests().size(), 3);
    QCOMPARE(reply.error, u"NCM kept failing with a server error on routers/ (HTTP 503: busy)."_s);
}

void tst_NcmClient::retryAfterHonoured_data()
{
    QTest::addColumn<bool>("asDate");
    QTest::newRow("seconds") << false;
    QTest::newRow("HTTP date") << true;
}

void tst_NcmClient::retryAfterHonoured()
{
    QFETCH(bool, asDate);

    // The retry must not go before the time NCM named, in simulated time.
    QDateTime notBefore;
    int calls = 0;
    m_server->setHandler([&notBefore, &calls, asDate](const FakeRequest &request) {
        if (++calls > 1)
            return FakeResponse::json(listPage({}));
        notBefore = request.at.addSecs(40);
        const QByteArray after = asDate ? notBefore.toString(Qt::RFC2822Date).toLatin1()
                                        : QByteArrayLiteral("40");
        notBefore = notBefore.addMSecs(-notBefore.time().msec()); // HTTP dates have whole seconds
        return FakeResponse{429, "{}", {{"Retry-After", after}}};
    });
    ClientOptions options;
    options.backoffBaseMs = 1; // a plain backoff would retry almost at once
    options.backoffMaxMs = 2;
    auto *client = makeClient(options);

    QVERIFY(getAndWait(client, u"alerts"_s).ok());
    QCOMPARE(m_server->requests().size(), 2);
    const QDateTime retriedAt = m_server->requests().at(1).at;
    QVERIFY2(retriedAt >= notBefore, qPrintable(retriedAt.toString(Qt::ISODateWithMs) + u" < "_s
                                                + notBefore.toString(Qt::ISODateWithMs)));
}

void tst_NcmClient::budgetSpacesCalls()
{
    m_server->setHandler([](const FakeRequest &) { return FakeResponse::json(listPage({})); });
    ClientOptions options;
    options.budget = {60, 2}; // one call a simulated second after a burst of two
    auto *client = makeClient(options);

    int done = 0;
    for (int i = 0; i < 6; ++i)
        client->get(u"routers"_s, {}, this, [&done](const ApiReply &) { ++done; });
    QTRY_COMPARE(done, 6);

    const auto &requests = m_server->requests();
    const qint64 spread = requests.first().at.msecsTo(requests.last().at);
    QVERIFY2(spread >= 3900, qPrintable(QString::number(spread)));
}

namespace {

class ManualClock final : public Clock
{
public:
    QDateTime now() const override { return m_now; }
    double speed() const override { return 1.0; }
    void advance(qint64 ms) { m_now = m_now.addMSecs(ms); }

private:
    QDateTime m_now = QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC);
};

} // namespace

void tst_NcmClient::budgetTokenBucket()
{
    ManualClock clock;
    RateBudget budget({120, 3}, &clock); // 2 calls a second after a burst of 3

    QCOMPARE(budget.reserve(), 0);
    QCOMPARE(budget.reserve(), 0);
    QCOMPARE(budget.reserve(), 0);
    QCOMPARE(budget.reserve(), 500);
    QCOMPARE(budget.reserve(), 1000);

    clock.advance(60000);
    int immediate = 0;
    while (budget.reserve() == 0)
        ++immediate;
    QCOMPARE(immediate, 3); // the bucket never holds more than the burst
}

void tst_NcmClient::badAnswers_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("errorPart");

    QTest::newRow("not JSON") << QByteArray("<html>oops</html>") << u"not JSON"_s;
    QTest::newRow("truncated JSON") << QByteArray(R"({"data": [)") << u"not JSON"_s;
    QTest::newRow("array instead of object") << QByteArray("[]") << u"not a list"_s;
    QTest::newRow("data is an object") << QByteArray(R"({"data": {}})") << u"not a list"_s;
    QTest::newRow("next is a number") << QByteArray(R"({"data": [], "meta": {"next": 5}})") << u"not a string"_s;
}

void tst_NcmClient::badAnswers()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, errorPart);

    m_server->setHandler([body](const FakeRequest &) { return FakeResponse::json(body); });
    auto *client = makeClient();

    QStringList ids;
    const QString error = listAndWait(client, u"routers"_s, &ids);
    QVERIFY2(error.contains(errorPart), qPrintable(error));
    QVERIFY(error.endsWith(u'.'));
    QVERIFY(ids.isEmpty());
}

void tst_NcmClient::failureWording_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("expected");

    QTest::newRow("401") << 401 << QByteArray(R"({"detail": "Authentication credentials were not provided."})")
                         << u"NCM refused the API keys (HTTP 401: Authentication credentials were not provided.)."_s;
    QTest::newRow("401 without body") << 401 << QByteArray() << u"NCM refused the API keys (HTTP 401)."_s;
    QTest::newRow("403 nested data message") << 403 << QByteArray(R"({"success": false, "data": {"message": "no access"}})")
                                             << u"NCM does not allow these API keys to use routers/ (HTTP 403: no access)."_s;
    QTest::newRow("404") << 404 << QByteArray("{}") << u"NCM does not know routers/ (HTTP 404)."_s;
    QTest::newRow("409 errors array") << 409 << QByteArray(R"({"errors": [{"detail": "router filter required"}]})")
                                      << u"NCM refused the request for routers/ as conflicting (HTTP 409: router filter required)."_s;
}

void tst_NcmClient::failureWording()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(QString, expected);

    m_server->setHandler([status, body](const FakeRequest &) { return FakeResponse{status, body, {}}; });
    auto *client = makeClient();

    const ApiReply reply = getAndWait(client, u"routers"_s);
    QCOMPARE(reply.status, status);
    QCOMPARE(reply.error, expected);
    QVERIFY(!reply.error.contains(u"cp-key"_s));
}

void tst_NcmClient::redirectNotFollowed()
{
    m_server->setHandler([](const FakeRequest &) {
        return FakeResponse{301, {}, {{"Location", "https://collector.example.net/api/v2/routers/"}}};
    });
    auto *client = makeClient();

    const ApiReply reply = getAndWait(client, u"routers"_s);
    QCOMPARE(reply.status, 301);
    QVERIFY2(reply.error.contains(u"does not follow"_s), qPrintable(reply.error));
    QCOMPARE(m_server->requests().size(), 1);
}

void tst_NcmClient::goneContextSpendsNoCall()
{
    m_server->setHandler([](const FakeRequest &) { return FakeResponse::json(listPage({})); });
    ClientOptions options;
    options.budget = {60, 1};
    auto *client = makeClient(options);

    bool called = false;
    {
        QObject first;
        client->get(u"routers"_s, {}, &first, [](const ApiReply &) {});
        QObject context;
        client->get(u"groups"_s, {}, &context, [&called](const ApiReply &) { called = true; });
        // The second call waits a simulated second for the budget; its context goes first.
    }
    QTest::qWait(50);
    QVERIFY(!called);
    QCOMPARE(m_ledger->perEndpoint(m_clock->now().date()).value(u"groups"_s), 0);
}

void tst_NcmClient::ledgerCountsPerEndpointAndDay()
{
    int calls = 0;
    m_server->setHandler([&calls](const FakeRequest &) {
        return ++calls == 1 ? FakeResponse{500, {}, {}} : FakeResponse::json(listPage({}));
    });
    auto *client = makeClient();

    QVERIFY(getAndWait(client, u"routers"_s).ok());
    QVERIFY(getAndWait(client, u"alerts"_s).ok());
    const QMap<QString, qint64> counts = m_ledger->perEndpoint(m_clock->now().date());
    QCOMPARE(counts.value(u"routers"_s), 2); // the retried 500 counts too
    QCOMPARE(counts.value(u"alerts"_s), 1);
    QCOMPARE(m_ledger->callsToday(), 3);
}

QTEST_GUILESS_MAIN(tst_NcmClient)
#include "tst_ncmclient.moc"
