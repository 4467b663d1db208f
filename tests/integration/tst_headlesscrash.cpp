#include "ingest/signature.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <vector>

using namespace Qt::Literals::StringLiterals;

namespace {

constexpr QByteArrayView Secret = "crash-test-secret";
constexpr int PushCount = 3000;
constexpr int Connections = 8;
constexpr int KillAfterAcknowledged = 600;

QByteArray pushBody(int i)
{
    const QJsonObject alert{
        {u"type"_s, u"connection_state"_s},
        {u"detected_at"_s, u"2026-11-01T10:00:00.%1+00:00"_s.arg(i, 6, 10, QLatin1Char('0'))},
        {u"friendly_info"_s, u"Router is now offline."_s},
        {u"info"_s, QJsonObject{{u"state"_s, u"offline"_s}}},
        {u"router"_s, u"https://www.cradlepointecm.com/api/v2/routers/%1/"_s.arg(500000 + i)},
        {u"router_details"_s, QJsonObject{{u"name"_s, u"CRASH-%1"_s.arg(i)}}},
    };
    return QJsonDocument(QJsonObject{{u"data"_s, QJsonArray{alert}}}).toJson(QJsonDocument::Compact);
}

QByteArray request(int i)
{
    const QByteArray body = pushBody(i);
    return "POST /webhook HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
           "X-CP-Signature: " + fw::ingest::Signature::sign(Secret, body) + "\r\nContent-Length: "
        + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

// Sends its share of pushes one at a time, like NCM, and records each answer's status.
class PushSender final : public QObject
{
public:
    PushSender(quint16 port, QList<int> pushes, std::vector<int> *statuses)
        : m_pushes(std::move(pushes))
        , m_statuses(statuses)
    {
        connect(&m_socket, &QTcpSocket::connected, this, &PushSender::sendNext);
        connect(&m_socket, &QTcpSocket::readyRead, this, &PushSender::readAnswers);
        connect(&m_socket, &QTcpSocket::disconnected, this, [this] { m_done = true; });
        connect(&m_socket, &QTcpSocket::errorOccurred, this, [this] { m_done = true; });
        m_socket.connectToHost(QHostAddress::LocalHost, port);
    }

    bool isDone() const { return m_done; }
    std::function<void()> onAnswer;

private:
    void sendNext()
    {
        if (m_next >= m_pushes.size()) {
            m_done = true;
            m_socket.disconnectFromHost();
            return;
        }
        m_socket.write(request(m_pushes[m_next]));
    }

    void readAnswers()
    {
        m_buffer += m_socket.readAll();
        const qsizetype end = m_buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        static const QRegularExpression length(u"Content-Length: (\\d+)"_s, QRegularExpression::CaseInsensitiveOption);
        const auto match = length.match(QString::fromLatin1(m_buffer.first(end)));
        const qsizetype total = end + 4 + (match.hasMatch() ? match.captured(1).toLongLong() : 0);
        if (m_buffer.size() < total)
            return;
        (*m_statuses)[size_t(m_pushes[m_next])] = m_buffer.mid(9, 3).toInt();
        m_buffer.remove(0, total);
        ++m_next;
        if (onAnswer)
            onAnswer();
        sendNext();
    }

    QTcpSocket m_socket;
    QList<int> m_pushes;
    std::vector<int> *m_statuses;
    QByteArray m_buffer;
    qsizetype m_next = 0;
    bool m_done = false;
};

} // namespace

class tst_HeadlessCrash final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void acknowledgedPushesSurviveSigkill();

private:
    quint16 startReceiver(QProcess &process);
    void sendAll(quint16 port, std::vector<int> *statuses, QProcess *killAt = nullptr);
    QHash<QString, int> storedCounts();

    QTemporaryDir m_dir;
    QString m_program;
    QString m_database;
    QString m_secretFile;
};

void tst_HeadlessCrash::initTestCase()
{
    m_program = qEnvironmentVariable("FLEETWALL_BIN_DIR") + u"/fleetwall"_s;
    QVERIFY2(QFile::exists(m_program), qPrintable(m_program + u" is not built"_s));
    QVERIFY(m_dir.isValid());
    m_database = m_dir.filePath(u"events.db"_s);
    m_secretFile = m_dir.filePath(u"secret"_s);
    QFile secret(m_secretFile);
    QVERIFY(secret.open(QIODevice::WriteOnly));
    secret.write(Secret.toByteArray() + '\n');
}

quint16 tst_HeadlessCrash::startReceiver(QProcess &process)
{
    process.setProgram(m_program);
    process.setArguments({u"--headless"_s, u"--listen"_s, u"127.0.0.1:0"_s, u"--secret-file"_s,
                          m_secretFile, u"--db"_s, m_database});
    process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    process.start();
    static const QRegularExpression listening(u"listening on http://127\\.0\\.0\\.1:(\\d+)/"_s);
    QByteArray output;
    quint16 port = 0;
    [[maybe_unused]] const bool ready = QTest::qWaitFor([&] {
        output += process.readAllStandardOutput();
        const auto match = listening.match(QString::fromUtf8(output));
        port = match.hasMatch() ? quint16(match.captured(1).toUInt()) : 0;
        return port != 0 || process.state() == QProcess::NotRunning;
    }, 20'000);
    // Keep reading so the child never blocks on a full pipe.
    connect(&process, &QProcess::readyReadStandardOutput, &process,
            [&process] { process.readAllStandardOutput(); });
    return port;
}

void tst_HeadlessCrash::sendAll(quint16 port, std::vector<int> *statuses, QProcess *killAt)
{
    std::vector<std::unique_ptr<PushSender>> senders;
    int answered = 0;
    for (int c = 0; c < Connections; ++c) {
        QList<int> share;
        for (int i = c; i < PushCount; i += Connections)
            share.append(i);
        senders.push_back(std::make_unique<PushSender>(port, share, statuses));
        senders.back()->onAnswer = [&answered, killAt] {
            if (++answered == KillAfterAcknowledged && killAt)
                killAt->kill(); // SIGKILL: no chance to finish anything
        };
    }
    QVERIFY(QTest::qWaitFor([&] {
        return std::all_of(senders.begin(), senders.end(), [](const auto &s) { return s->isDone(); });
    }, 120'000));
}

QHash<QString, int> tst_HeadlessCrash::storedCounts()
{
    QHash<QString, int> counts;
    {
        auto db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"check"_s);
        db.setDatabaseName(m_database);
        db.setConnectOptions(u"QSQLITE_OPEN_READONLY"_s);
        if (db.open()) {
            QSqlQuery query(u"SELECT router_id, count(*) FROM events GROUP BY router_id"_s, db);
            while (query.next())
                counts.insert(query.value(0).toString(), query.value(1).toInt());
        }
    }
    QSqlDatabase::removeDatabase(u"check"_s);
    return counts;
}

void tst_HeadlessCrash::acknowledgedPushesSurviveSigkill()
{
    QProcess first;
    const quint16 firstPort = startReceiver(first);
    QVERIFY(firstPort != 0);
    std::vector<int> statuses(PushCount, 0);
    sendAll(firstPort, &statuses, &first);
    QTRY_COMPARE_WITH_TIMEOUT(first.state(), QProcess::NotRunning, 10'000);
    QCOMPARE(first.exitStatus(), QProcess::CrashExit);

    const auto acknowledged = std::count_if(statuses.begin(), statuses.end(),
                                            [](int status) { return status == 200; });
    qInfo() << acknowledged << "pushes acknowledged before SIGKILL";
    QVERIFY(acknowledged >= KillAfterAcknowledged);
    QVERIFY(acknowledged < PushCount); // the kill really happened midway
    QVERIFY(std::all_of(statuses.begin(), statuses.end(), [](int s) { return s == 0 || s == 200; }));

    // Restarted on the same database: every acknowledged push is there, once.
    QProcess second;
    const quint16 secondPort = startReceiver(second);
    QVERIFY(secondPort != 0);
    const auto afterCrash = storedCounts();
    for (int i = 0; i < PushCount; ++i) {
        const int stored = afterCrash.value(QString::number(500000 + i));
        QVERIFY2(stored <= 1, qPrintable(u"push %1 stored %2 times"_s.arg(i).arg(stored)));
        if (statuses[size_t(i)] == 200)
            QVERIFY2(stored == 1, qPrintable(u"acknowledged push %1 was lost"_s.arg(i)));
    }

    // NCM retries what was not acknowledged; everything resent is answered and kept once.
    std::vector<int> resent(PushCount, 0);
    sendAll(secondPort, &resent);
    QVERIFY(std::all_of(resent.begin(), resent.end(), [](int s) { return s == 200; }));
    second.terminate();
    QTRY_COMPARE_WITH_TIMEOUT(second.state(), QProcess::NotRunning, 20'000);
    QCOMPARE(second.exitStatus(), QProcess::NormalExit);
    QCOMPARE(second.exitCode(), 0);

    const auto final = storedCounts();
    QCOMPARE(final.size(), PushCount);
    QVERIFY(std::all_of(final.begin(), final.end(), [](int count) { return count == 1; }));
}

QTEST_GUILESS_MAIN(tst_HeadlessCrash)
#include "tst_headlesscrash.moc"
