// The ncm-sandbox program over real sockets: start-up line, HTTP and HTTPS, arguments, signals.
#include "sandbox/sandboxserver.h"
#include "sandboxtesthelpers.h"

#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace Qt::Literals::StringLiterals;
using namespace fw::sandbox;

namespace {

QString programPath()
{
    return qEnvironmentVariable("FLEETWALL_BIN_DIR") + u"/ncm-sandbox"_s;
}

QNetworkReply *get(QNetworkAccessManager &network, const QUrl &url, bool keys = true)
{
    QNetworkRequest request(url);
    if (keys) {
        const fw::api::ApiKeys k = test::testKeys();
        request.setRawHeader("X-CP-API-ID", k.cpApiId);
        request.setRawHeader("X-CP-API-KEY", k.cpApiKey);
        request.setRawHeader("X-ECM-API-ID", k.ecmApiId);
        request.setRawHeader("X-ECM-API-KEY", k.ecmApiKey);
    }
    return network.get(request);
}

} // namespace

class tst_SandboxServer : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_keysFile;

    bool makeCertificate(QString *cert, QString *key)
    {
        const QString openssl = QStandardPaths::findExecutable(u"openssl"_s);
        if (openssl.isEmpty())
            return false;
        *cert = m_dir.filePath(u"cert.pem"_s);
        *key = m_dir.filePath(u"key.pem"_s);
        return QProcess::execute(openssl, {u"req"_s, u"-x509"_s, u"-newkey"_s, u"ec"_s, u"-pkeyopt"_s,
                                           u"ec_paramgen_curve:prime256v1"_s, u"-nodes"_s, u"-keyout"_s, *key,
                                           u"-out"_s, *cert, u"-days"_s, u"1"_s, u"-subj"_s, u"/CN=127.0.0.1"_s}) == 0;
    }

    // Starts the program and returns the API base URL it printed.
    QUrl start(QProcess &process, const QStringList &extra)
    {
        process.start(programPath(), QStringList{u"--listen"_s, u"127.0.0.1:0"_s, u"--api-keys-file"_s, m_keysFile,
                                                 u"--routers"_s, u"40"_s, u"--seed"_s, u"3"_s} + extra);
        if (!process.waitForStarted() || !process.waitForReadyRead(15000))
            return {};
        const QString line = QString::fromUtf8(process.readLine()).trimmed();
        const QString prefix = u"ncm-sandbox: listening on "_s;
        return line.startsWith(prefix) ? QUrl(line.mid(prefix.size())) : QUrl();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_keysFile = m_dir.filePath(u"keys"_s);
        QFile file(m_keysFile);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("cp_api_id=cp-id\ncp_api_key=cp-key\necm_api_id=ecm-id\necm_api_key=ecm-key\n");
    }

    void servesTheLibraryOverHttp()
    {
        Sandbox sandbox(test::testOptions(30));
        SandboxServer server(sandbox);
        QString error;
        QVERIFY2(server.listen(QHostAddress::LocalHost, 0, &error), qPrintable(error));
        QVERIFY(server.apiBaseUrl().toString().endsWith(u"/api/v2/"_s));

        QNetworkAccessManager network;
        QNetworkReply *reply = get(network, server.apiBaseUrl().resolved(QUrl(u"routers/?limit=2"_s)));
        QTRY_VERIFY(reply->isFinished());
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        const QJsonObject page = QJsonDocument::fromJson(reply->readAll()).object();
        QCOMPARE(page.value(u"data"_s).toArray().size(), 2);
        QVERIFY(page.value(u"meta"_s).toObject().value(u"next"_s).toString().startsWith(server.apiBaseUrl().toString()));
        reply->deleteLater();
    }

    void programPrintsItsUrlServesAndStopsOnSigterm_data()
    {
        QTest::addColumn<bool>("tls");
        QTest::newRow("http") << false;
        QTest::newRow("https") << true;
    }
    void programPrintsItsUrlServesAndStopsOnSigterm()
    {
        QFETCH(bool, tls);
        QStringList extra{u"--speed"_s, u"60"_s, u"--latency-ms"_s, u"20"_s};
        if (tls) {
            QString cert;
            QString key;
            if (!makeCertificate(&cert, &key))
                QSKIP("openssl is not installed");
            extra += {u"--tls-cert"_s, cert, u"--tls-key"_s, key};
        }
        QProcess process;
        const QUrl base = start(process, extra);
        QVERIFY2(base.isValid(), process.readAllStandardError().constData());
        QCOMPARE(base.scheme(), tls ? u"https"_s : u"http"_s);
        QCOMPARE(base.path(), u"/api/v2/"_s);

        QNetworkAccessManager network;
        QNetworkReply *reply = get(network, base.resolved(QUrl(u"groups/"_s)));
        if (tls)
            reply->ignoreSslErrors();
        QTRY_VERIFY(reply->isFinished());
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        reply->deleteLater();

        QNetworkReply *unauthorised = get(network, base.resolved(QUrl(u"groups/"_s)), false);
        if (tls)
            unauthorised->ignoreSslErrors();
        QTRY_VERIFY(unauthorised->isFinished());
        QCOMPARE(unauthorised->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 401);
        unauthorised->deleteLater();

        QNetworkReply *stats = get(network, base.resolved(QUrl(u"/sandbox/stats"_s)), false);
        if (tls)
            stats->ignoreSslErrors();
        QTRY_VERIFY(stats->isFinished());
        QCOMPARE(QJsonDocument::fromJson(stats->readAll()).object().value(u"total"_s).toInt(), 2);
        stats->deleteLater();

        ::kill(pid_t(process.processId()), SIGTERM);
        QVERIFY(process.waitForFinished(10000));
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(process.exitCode(), 0);
    }

    void badArgumentsGetOneSentenceAndFail_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::newRow("too many routers") << QStringList{u"--routers"_s, u"100001"_s};
        QTest::newRow("speed not a number") << QStringList{u"--speed"_s, u"fast"_s};
        QTest::newRow("fault rate above one") << QStringList{u"--fault-rate"_s, u"1.5"_s};
        QTest::newRow("listen without port") << QStringList{u"--listen"_s, u"127.0.0.1"_s};
        QTest::newRow("certificate without key") << QStringList{u"--tls-cert"_s, u"/nonexistent.pem"_s};
        QTest::newRow("unknown option") << QStringList{u"--frobnicate"_s};
        QTest::newRow("missing keys file") << QStringList{u"--api-keys-file"_s, u"/nonexistent/keys"_s};
    }
    void badArgumentsGetOneSentenceAndFail()
    {
        QFETCH(QStringList, arguments);
        QProcess process;
        QStringList all{u"--api-keys-file"_s, m_keysFile};
        process.start(programPath(), all + arguments);
        QVERIFY(process.waitForFinished(10000));
        QVERIFY(process.exitCode() != 0);
        const QByteArray error = process.readAllStandardError().trimmed();
        QVERIFY(error.startsWith("ncm-sandbox: "));
        QCOMPARE(error.count('\n'), 0);
        QVERIFY(process.readAllStandardOutput().isEmpty());
    }
};

QTEST_GUILESS_MAIN(tst_SandboxServer)
#include "tst_sandboxserver.moc"
