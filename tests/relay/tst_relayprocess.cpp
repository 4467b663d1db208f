#include "relay/relayclient.h"
#include "relayfakes.h"

#include <QMessageAuthenticationCode>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace Qt::Literals::StringLiterals;
using namespace std::chrono_literals;
using namespace fw;

// The built fleetwall-relay program, driven from outside: killed with SIGKILL in the middle of
// a push stream and restarted on the same database, then stopped with SIGTERM.
class tst_RelayProcess final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void acknowledgedPushesSurviveSigkill();
    void refusesBadArguments_data();
    void refusesBadArguments();

private:
    struct Ports
    {
        quint16 webhook = 0;
        quint16 websocket = 0;
        quint16 status = 0;
    };

    QString binary() const;
    bool startRelay(QProcess &process, const Ports &wanted, Ports *actual);
    QNetworkReply *push(int index);

    QTemporaryDir m_dir;
    QByteArray m_secret = "process-test-secret";
    QString m_token;
    QNetworkAccessManager m_network;
    quint16 m_webhookPort = 0;
};

QString tst_RelayProcess::binary() const
{
    return qEnvironmentVariable("FLEETWALL_BIN_DIR") + u"/fleetwall-relay"_s;
}

void tst_RelayProcess::initTestCase()
{
    QVERIFY2(QFile::exists(binary()), "FLEETWALL_BIN_DIR must name the folder holding fleetwall-relay");
    QFile secret(m_dir.filePath(u"secret"_s));
    QVERIFY(secret.open(QIODevice::WriteOnly));
    secret.write(m_secret + '\n');
    secret.close();

    QProcess add;
    add.start(binary(), {u"token"_s, u"add"_s, u"desk"_s, u"--tokens-file"_s, m_dir.filePath(u"tokens.json"_s)});
    QVERIFY(add.waitForFinished(10000));
    QCOMPARE(add.exitCode(), 0);
    m_token = QString::fromUtf8(add.readAllStandardOutput()).trimmed();
    QVERIFY(m_token.startsWith("fwr_"_L1));
}

bool tst_RelayProcess::startRelay(QProcess &process, const Ports &wanted, Ports *actual)
{
    const auto address = [](quint16 port) { return u"127.0.0.1:%1"_s.arg(port); };
    process.start(binary(), {u"--listen"_s, address(wanted.webhook), u"--ws-listen"_s, address(wanted.websocket),
                             u"--status-listen"_s, address(wanted.status),
                             u"--secret-file"_s, m_dir.filePath(u"secret"_s),
                             u"--tokens-file"_s, m_dir.filePath(u"tokens.json"_s),
                             u"--db"_s, m_dir.filePath(u"relay.sqlite"_s)});
    const QRegularExpression line(u"fleetwall-relay: (webhook|dashboards|status) \\w+://127.0.0.1:(\\d+)"_s);
    QString output;
    const bool ready = QTest::qWaitFor([&] {
        output += QString::fromUtf8(process.readAllStandardOutput());
        return output.count(u'\n') >= 3 || process.state() == QProcess::NotRunning;
    }, 15000);
    auto it = line.globalMatch(output);
    while (it.hasNext()) {
        const auto match = it.next();
        const auto port = quint16(match.captured(2).toUInt());
        (match.captured(1) == "webhook"_L1 ? actual->webhook
         : match.captured(1) == "dashboards"_L1 ? actual->websocket : actual->status) = port;
    }
    m_webhookPort = actual->webhook;
    return ready && actual->webhook && actual->websocket && actual->status;
}

QNetworkReply *tst_RelayProcess::push(int index)
{
    const QByteArray body = u"{\"data\":[{\"type\":\"wwan_connected\",\"router\":\"https://x/api/v2/routers/%1/\","
                            "\"detected_at\":\"2026-12-03T10:00:00.%2+00:00\",\"created_at_timeuuid\":\"push-%1\","
                            "\"info\":{\"n\":%1}}]}"_s.arg(index).arg(index, 6, 10, QLatin1Char('0')).toUtf8();
    QNetworkRequest request(QUrl(u"http://127.0.0.1:%1/webhook"_s.arg(m_webhookPort)));
    request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
    request.setRawHeader("X-CP-Signature",
                         QMessageAuthenticationCode::hash(body, m_secret, QCryptographicHash::Sha256).toHex());
    QNetworkReply *reply = m_network.post(request, body);
    reply->setProperty("index", index);
    return reply;
}

void tst_RelayProcess::acknowledgedPushesSurviveSigkill()
{
    QProcess relay;
    Ports ports;
    QVERIFY(startRelay(relay, {}, &ports));

    test::MemoryDashboardStore dashboard;
    relay::RelayClient client(&dashboard, &dashboard);
    client.setUrl(QUrl(u"ws://127.0.0.1:%1/"_s.arg(ports.websocket)));
    client.setToken(m_token);
    client.setBackoff(20ms, 200ms);
    client.start();
    QTRY_COMPARE(client.state(), relay::RelayClient::State::Connected);

    // Pushes stream in, eight at a time; the relay is killed when 200 were acknowledged.
    constexpr int Total = 600;
    QSet<int> acknowledged;
    int sent = 0, answered = 0;
    bool killed = false;
    std::function<void()> sendNext;
    sendNext = [&] {
        if (sent >= Total)
            return;
        QNetworkReply *reply = push(sent++);
        connect(reply, &QNetworkReply::finished, this, [&, reply] {
            ++answered;
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            if (reply->error() == QNetworkReply::NoError && status / 100 == 2)
                acknowledged.insert(reply->property("index").toInt());
            reply->deleteLater();
            if (!killed && acknowledged.size() >= 200) {
                killed = true;
                ::kill(pid_t(relay.processId()), SIGKILL);
            }
            if (relay.state() == QProcess::Running)
                sendNext();
        });
    };
    for (int i = 0; i < 8; ++i)
        sendNext();
    QTRY_VERIFY_WITH_TIMEOUT(killed && relay.state() == QProcess::NotRunning, 30000);
    QTRY_COMPARE_WITH_TIMEOUT(answered, sent, 10000);
    QCOMPARE(relay.exitStatus(), QProcess::CrashExit);

    // Same database and ports; the dashboard reconnects by itself.
    Ports again;
    QVERIFY(startRelay(relay, ports, &again));
    while (sent < Total) {
        QNetworkReply *reply = push(sent++);
        QTRY_VERIFY(reply->isFinished());
        if (reply->error() == QNetworkReply::NoError)
            acknowledged.insert(reply->property("index").toInt());
        reply->deleteLater();
    }

    QSet<QString> delivered;
    QTRY_VERIFY_WITH_TIMEOUT([&] {
        delivered.clear();
        for (const store::Event &event : std::as_const(dashboard.stored))
            delivered.insert(event.alert.createdAtTimeuuid);
        for (int index : std::as_const(acknowledged)) {
            if (!delivered.contains(u"push-%1"_s.arg(index)))
                return false;
        }
        return true;
    }(), 30000);
    QCOMPARE(dashboard.duplicatesOffered, 0);
    QVERIFY(std::is_sorted(dashboard.relaySeqs.begin(), dashboard.relaySeqs.end()));
    QCOMPARE(QSet<qint64>(dashboard.relaySeqs.begin(), dashboard.relaySeqs.end()).size(),
             dashboard.relaySeqs.size());
    QVERIFY(acknowledged.size() >= Total - 16);

    // SIGTERM: a clean stop, the stream closed with "going away".
    QSignalSpy states(&client, &relay::RelayClient::stateChanged);
    relay.terminate();
    QVERIFY(relay.waitForFinished(20000));
    QCOMPARE(relay.exitStatus(), QProcess::NormalExit);
    QCOMPARE(relay.exitCode(), 0);
    QTRY_COMPARE(client.state(), relay::RelayClient::State::Connecting);
    client.stop();
}

void tst_RelayProcess::refusesBadArguments_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::newRow("nothing") << QStringList();
    QTest::newRow("bad listen") << QStringList{u"--listen"_s, u"here"_s, u"--ws-listen"_s, u"127.0.0.1:0"_s,
                                               u"--secret-file"_s, u"s"_s, u"--tokens-file"_s, u"t"_s, u"--db"_s, u"d"_s};
    QTest::newRow("unknown option") << QStringList{u"--frobnicate"_s};
    QTest::newRow("token without action") << QStringList{u"token"_s};
    QTest::newRow("token add without file") << QStringList{u"token"_s, u"add"_s, u"x"_s};
    QTest::newRow("bad retention") << QStringList{u"--listen"_s, u"127.0.0.1:0"_s, u"--ws-listen"_s,
                                                  u"127.0.0.1:0"_s, u"--secret-file"_s, u"@secret"_s,
                                                  u"--tokens-file"_s, u"t"_s, u"--db"_s, u"d"_s,
                                                  u"--retention-days"_s, u"-3"_s};
}

void tst_RelayProcess::refusesBadArguments()
{
    QFETCH(QStringList, arguments);
    arguments.replaceInStrings(u"@secret"_s, m_dir.filePath(u"secret"_s));
    QProcess process;
    process.setWorkingDirectory(m_dir.path());
    process.start(binary(), arguments);
    QVERIFY(process.waitForFinished(10000));
    QVERIFY(process.exitCode() != 0);
    const QString error = QString::fromUtf8(process.readAllStandardError()).trimmed();
    QVERIFY2(error.startsWith("fleetwall-relay: "_L1), qPrintable(error));
    QCOMPARE(error.count(u'\n'), 0); // one sentence
    QVERIFY(!QFile::exists(m_dir.filePath(u"d"_s)));
}

QTEST_GUILESS_MAIN(tst_RelayProcess)
#include "tst_relayprocess.moc"
