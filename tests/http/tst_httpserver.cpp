#include "http/httpserver.h"
#include "http/rawhttpclient.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QSslSocket>
#include <QTest>
#include <QTimer>

#include <memory>

using namespace Qt::Literals::StringLiterals;
using namespace std::chrono_literals;
using fw::http::HttpRequest;
using fw::http::HttpResponder;
using fw::http::HttpResponse;
using fw::http::HttpServer;
using fw::test::RawHttpClient;

class tst_HttpServer final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void syncHandlerOverQnam();
    void malformed_data();
    void malformed();
    void pipelinedAnswersKeepOrder();
    void connectionClose();
    void http10ClosesByDefault();
    void http10KeepAlive();
    void headHasNoBody();
    void expectContinue();
    void expectContinueTooLarge();
    void bodyTooLargeRefusedBeforeBody();
    void slowHeadersTimeOut();
    void stalledBodyTimesOut();
    void idleConnectionCloses();
    void connectionCap();
    void tls();
    void tlsFiles_data();
    void tlsFiles();
    void portInUse();

private:
    std::unique_ptr<HttpServer> startEcho(const fw::http::ServerLimits &limits = {});
    static QString dataFile(const QString &name);
};

QString tst_HttpServer::dataFile(const QString &name)
{
    return QFINDTESTDATA(u"data/"_s + name);
}

// Echoes method, path and body; "/slow" answers after 50 ms, later requests sooner.
std::unique_ptr<HttpServer> tst_HttpServer::startEcho(const fw::http::ServerLimits &limits)
{
    auto server = std::make_unique<HttpServer>(limits);
    HttpServer *raw = server.get();
    server->setHandler([raw](HttpRequest request, HttpResponder responder) {
        const QByteArray text = request.method + ' ' + request.path.toUtf8() + ' ' + request.body;
        const int delay = request.path.startsWith(u"/delay/") ? request.path.sliced(7).toInt() : 0;
        QTimer::singleShot(delay, raw, [responder, text] {
            responder.respond(HttpResponse::text(200, text));
        });
    });
    if (!server->listen(QHostAddress::LocalHost, 0))
        qWarning() << server->errorString();
    return server;
}

void tst_HttpServer::init()
{
    QTest::failOnWarning(QRegularExpression(u"cannot take"_s));
}

void tst_HttpServer::syncHandlerOverQnam()
{
    HttpServer server;
    server.setSyncHandler([](const HttpRequest &request) {
        return HttpResponse::json(201, "{\"got\":" + QByteArray::number(request.body.size()) + '}');
    });
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    QVERIFY(server.serverPort() != 0);

    QNetworkAccessManager manager;
    QNetworkRequest request(QUrl(u"http://127.0.0.1:%1/x"_s.arg(server.serverPort())));
    request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
    std::unique_ptr<QNetworkReply> reply(manager.post(request, QByteArray(1000, 'a')));
    QTRY_VERIFY(reply->isFinished());
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 201);
    QCOMPARE(reply->readAll(), "{\"got\":1000}");
    QCOMPARE(reply->rawHeader("Content-Type"), "application/json");
}

void tst_HttpServer::malformed_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status");

    QTest::newRow("bad request line") << QByteArray("HELLO\r\n\r\n") << 400;
    QTest::newRow("unsupported version") << QByteArray("GET / HTTP/3.0\r\nHost: x\r\n\r\n") << 505;
    QTest::newRow("oversized headers")
        << "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + QByteArray(20000, 'b') + "\r\n\r\n" << 431;
    QTest::newRow("bad Content-Length")
        << QByteArray("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: ten\r\n\r\n") << 400;
    QTest::newRow("chunked body")
        << QByteArray("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n") << 501;
    QTest::newRow("missing Host") << QByteArray("GET / HTTP/1.1\r\n\r\n") << 400;
}

void tst_HttpServer::malformed()
{
    QFETCH(QByteArray, request);
    QFETCH(int, status);

    const auto server = startEcho();
    QSignalSpy refused(server.get(), &HttpServer::requestRefused);
    RawHttpClient client;
    QVERIFY(client.connectTo(server->serverPort()));
    client.send(request);

    const auto response = client.readResponse();
    QVERIFY(response);
    QCOMPARE(response->status, status);
    QCOMPARE(response->header("Connection"), "close");
    QVERIFY(!response->body.isEmpty());
    QVERIFY(client.waitForClosed());
    QCOMPARE(refused.size(), 1);
    QCOMPARE(refused.first().at(0).toInt(), status);
}

void tst_HttpServer::pipelinedAnswersKeepOrder()
{
    const auto server = startEcho();
    RawHttpClient client;
    QVERIFY(client.connectTo(server->serverPort()));
    // The first answer is ready last: the server must still send them in order.
    client.send("POST /delay/80 HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\na"
                "POST /delay/40 HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\nb"
                "GET /delay/0 HTTP/1.1\r\nHost: x\r\n\r\n");

    for (const QByteArray expected : {"POST /delay/80 a", "POST /delay/40 b", "GET /delay/0 "}) {
        const auto response = client.readResponse();
        QVERIFY(response);
        QCOMPARE(response->body, expected);
        QVERIFY(response->header("Connection").isEmpty());
    }
    QCOMPARE(client.socket.state(), QAbstractSocket::ConnectedState);
}

void tst_HttpServer::connectionClose()
{
    const auto server = startEcho();
    RawHttpClient client;
    QVERIFY(client.connectTo(server->serverPort()));
    client.send("GET /one HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                "GET /two HTTP/1.1\r\nHost: x\r\n\r\n");

    const auto response = client.readResponse();
    QVERIFY(response);
    QCOMPARE(response->body, "GET /one ");
    QCOMPARE(response->header("Connection"), "close");
    QVERIFY(client.waitForClosed());
    QVERIFY(client.buffer.isEmpty()); // the request after "close" was not answered
}

void tst_HttpServer::http10ClosesByDefault()
{
    const auto server = startEcho();
    RawHttpClient client;
    QVERIFY(client.connectTo(server->serverPort()));
    client.send("GET /old HTTP/1.0\r\n\r\n");

    const auto response = client.readResponse();
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(response->header("Connection"), "close");
    QVERIFY(client.waitForClosed());
}

void tst_HttpServer::http10KeepAlive()
{
    const auto server = startEcho();
    RawHttpClient client;
    QVERIFY(client.connectTo(server->serverPort()));
    for (int i = 0; i < 2; ++i) {
        client.send("GET /old HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        const auto response = client.readResponse();
        QVERIFY(response);
        QCOMPARE(response->header("Connection"), "keep-alive");
    }
}

void tst_HttpServer::headHasNoBody()
{
    const auto server = startEcho();
    RawHttpClient client;
    QVERIFY(client.connectTo(server->serverPort()));
    client.send("HEAD /h HTTP/1.1\r\nHost: x\r\n\r\nGET /g HTTP/1.1\r\nHost: x\r\n\r\n");

    QTRY_VERIFY(client.buffer.append(client.socket.readAll()).contains("GET /g"));
    QVERIFY(client.buffer.startsWith("HTTP/1.1 200 OK\r\n"));
    QVERIFY(client.buffer.contains("Content-Length: 8\r\n"));
    QVERIFY(!client.buffer.contains("HEAD /h"));
}

void tst_HttpServer::expectContinue()
{
    const auto server = startEcho();
    RawHttpClient client;
    QVERIFY(client.connectTo(server->serverPort()));
    client.send("POST /e HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n");

    QTRY_COMPARE(client.buffer.append(client.socket.readAll()), "HTTP/1.1 100 Continue\r\n\r\n");
    client.buffer.clear();
    client.send("body");
    const auto response = client.readResponse();
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(response->body, "POST /e body");
}

void tst_HttpServer::expectContinueTooLarge()
{
    const auto server = startEcho();
    RawHttpClient client;
    QVERIFY(client.connectTo(server->serverPort()));
    client.send("POST /e HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2000000\r\n\r\n");

    const auto response = client.readResponse();
    QVERIFY(response);
    QCOMPARE(response->status, 413);
    QVERIFY(!response->head.contains("100 Continue"));
    QVERIFY(client.waitForClosed());
}

void tst_HttpServer::bodyTooLargeRefusedBeforeBody()
{
    const auto server = startEcho();
    RawHttpClient client;
    QVERIFY(client.connectTo(server->serverPort()));
    client.send("POST /big HTTP/1.1\r\nHost: x\r\nContent-Length: 1073741824\r\n\r\nfirst bytes");

    const auto response = client.readResponse();
    QVERIFY(response);
    QCOMPARE(response->status, 413);
    QVERIFY(client.waitForClosed());
}

void tst_HttpServer::slowHeadersTimeOut()
{
    fw::http::ServerLimits limits;
    limits.headerTimeout = 200ms;
    const auto server = startEcho(limits);
    RawHttpClient client;
    QVERIFY(client.connectTo(server->serverPort()));
    client.send("GET / HTTP/1.1\r\nHo");

    // A slow client keeps trickling bytes: the deadline is for the whole head.
    for (int i = 0; i < 5; ++i) {
        QTest::qWait(60);
        client.send("s");
    }
    const auto response = client.readResponse(2000);
    QVERIFY(response);
    QCOMPARE(response->status, 408);
    QVERIFY(client.waitForClosed());
}

void tst_HttpServer::stalledBodyTimesOut()
{
    fw::http::ServerLimits limits;
    limits.bodyTimeout = 200ms;
    const auto server = startEcho(limits);
    RawHttpClient client;
    QVERIFY(client.connectTo(server->serverPort()));
    client.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc");

    const auto response = client.readResponse(2000);
    QVERIFY(response);
    QCOMPARE(response->status, 408);
}

void tst_HttpServer::idleConnectionCloses()
{
    fw::http::ServerLimits limits;
    limits.idleTimeout = 200ms;
    const auto server = startEcho(limits);
    RawHttpClient client;
    QVERIFY(client.connectTo(server->serverPort()));
    client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    QVERIFY(client.readResponse());

    QVERIFY(client.waitForClosed(3000));
    QTRY_COMPARE(server->connectionCount(), 0);
}

void tst_HttpServer::connectionCap()
{
    fw::http::ServerLimits limits;
    limits.maxConnections = 2;
    const auto server = startEcho(limits);
    QSignalSpy refused(server.get(), &HttpServer::requestRefused);

    RawHttpClient first, second, third;
    for (RawHttpClient *client : {&first, &second}) {
        QVERIFY(client->connectTo(server->serverPort()));
        client->send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        QVERIFY(client->readResponse());
    }
    QCOMPARE(server->connectionCount(), 2);

    QVERIFY(third.connectTo(server->serverPort()));
    const auto response = third.readResponse();
    QVERIFY(response);
    QCOMPARE(response->status, 503);
    QVERIFY(third.waitForClosed());
    QCOMPARE(refused.size(), 1);

    // A freed slot is usable again.
    first.socket.abort();
    QTRY_COMPARE(server->connectionCount(), 1);
    RawHttpClient fourth;
    QVERIFY(fourth.connectTo(server->serverPort()));
    fourth.send("GET /again HTTP/1.1\r\nHost: x\r\n\r\n");
    const auto again = fourth.readResponse();
    QVERIFY(again);
    QCOMPARE(again->status, 200);
}

void tst_HttpServer::tls()
{
    QString error;
    const auto configuration =
        fw::http::loadTlsConfiguration(dataFile(u"server.crt"_s), dataFile(u"server.key"_s), &error);
    QVERIFY2(configuration, qPrintable(error));
    const auto server = std::make_unique<HttpServer>();
    server->setSyncHandler([](const HttpRequest &request) {
        return HttpResponse::text(200, request.secure ? "secure" : "plain");
    });
    server->setTlsConfiguration(*configuration);
    QVERIFY(server->listen(QHostAddress::LocalHost, 0));

    QNetworkAccessManager manager;
    QNetworkRequest request(QUrl(u"https://127.0.0.1:%1/"_s.arg(server->serverPort())));
    QSslConfiguration clientTls = QSslConfiguration::defaultConfiguration();
    clientTls.setCaCertificates(QSslCertificate::fromPath(dataFile(u"server.crt"_s)));
    request.setSslConfiguration(clientTls);
    std::unique_ptr<QNetworkReply> reply(manager.get(request));
    QTRY_VERIFY(reply->isFinished());
    QCOMPARE(reply->error(), QNetworkReply::NoError);
    QCOMPARE(reply->readAll(), "secure");
}

void tst_HttpServer::tlsFiles_data()
{
    QTest::addColumn<QString>("certificate");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("errorPart");

    QTest::newRow("missing certificate") << u"/nonexistent/cert.pem"_s << dataFile(u"server.key"_s)
                                         << u"Cannot read the TLS certificate file"_s;
    QTest::newRow("missing key") << dataFile(u"server.crt"_s) << u"/nonexistent/key.pem"_s
                                 << u"Cannot read the TLS key file"_s;
    QTest::newRow("key as certificate") << dataFile(u"server.key"_s) << dataFile(u"server.key"_s)
                                        << u"holds no PEM certificate"_s;
    QTest::newRow("certificate as key") << dataFile(u"server.crt"_s) << dataFile(u"server.crt"_s)
                                        << u"holds no unencrypted PEM private key"_s;
    QTest::newRow("mismatched") << dataFile(u"server.crt"_s) << dataFile(u"other.key"_s)
                                << u"does not belong to the certificate"_s;
}

void tst_HttpServer::tlsFiles()
{
    QFETCH(QString, certificate);
    QFETCH(QString, key);
    QFETCH(QString, errorPart);

    QString error;
    QVERIFY(!fw::http::loadTlsConfiguration(certificate, key, &error));
    QVERIFY2(error.contains(errorPart), qPrintable(error));
    QVERIFY(fw::http::loadTlsConfiguration(dataFile(u"other.crt"_s), dataFile(u"other.key"_s), &error));
}

void tst_HttpServer::portInUse()
{
    const auto first = startEcho();
    HttpServer second;
    QVERIFY(!second.listen(QHostAddress::LocalHost, first->serverPort()));
    QVERIFY(second.errorString().contains(QString::number(first->serverPort())));
}

QTEST_GUILESS_MAIN(tst_HttpServer)
#include "tst_httpserver.moc"
