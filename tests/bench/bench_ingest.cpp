// Ingest benchmark: runs shared/bench/run-ingest.sh with our headless receiver beside the
// reference receivers and turns its result lines into figures. Fails when our receiver lost
// an acknowledged push, or stored more than acknowledged plus the requests wrk still had in
// flight when it stopped (one per connection: committed, but their answers never read).
#include <QCoreApplication>
#include <QDir>
#include <QProcess>
#include <QRegularExpression>

#include <cstdio>

using namespace Qt::Literals::StringLiterals;

namespace {

struct ReceiverResult
{
    qint64 requests = -1;
    qint64 non2xx = 0;
    qint64 socketErrors = 0;
    double p99 = 0;
    double rps = 0;
    qint64 stored = -1;
};

// "NAME RESULT requests=.. non2xx=.. socket_errors=.. p50_ms=.. p99_ms=.. rps=.. stored=.."
QHash<QString, ReceiverResult> parseResults(const QString &output)
{
    QHash<QString, ReceiverResult> results;
    static const QRegularExpression line(u"^(\\w+) RESULT (.*)$"_s, QRegularExpression::MultilineOption);
    for (const auto &match : line.globalMatch(output)) {
        ReceiverResult result;
        for (const QString &pair : match.captured(2).split(u' ', Qt::SkipEmptyParts)) {
            const QString key = pair.section(u'=', 0, 0);
            const QString value = pair.section(u'=', 1);
            if (key == u"requests") result.requests = value.toLongLong();
            else if (key == u"non2xx") result.non2xx = value.toLongLong();
            else if (key == u"socket_errors") result.socketErrors = value.toLongLong();
            else if (key == u"p99_ms") result.p99 = value.toDouble();
            else if (key == u"rps") result.rps = value.toDouble();
            else if (key == u"stored") result.stored = value.toLongLong();
        }
        results.insert(match.captured(1), result);
    }
    return results;
}

void figure(const char *name, double value, const char *unit, int decimals)
{
    std::printf("figure: %s = %.*f %s\n", name, decimals, value, unit);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QString shared = qEnvironmentVariable("FLEETWALL_SHARED_DIR");
    const QString bin = qEnvironmentVariable("FLEETWALL_BIN_DIR");
    const QString seconds = qEnvironmentVariable("BENCH_SECONDS", u"8"_s);
    const QString connections = qEnvironmentVariable("BENCH_CONNECTIONS", u"32"_s);

    QProcess script;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"OURS"_s, bin + u"/fleetwall --headless --listen 127.0.0.1:{port} "
                                        "--secret-file {secret_file} --db {db}"_s);
    environment.insert(u"OURS_COUNT_SQL"_s, u"SELECT count(*) FROM events"_s);
    environment.insert(u"OURS_PATH"_s, u"/webhook"_s);
    script.setProcessEnvironment(environment);
    script.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    script.start(u"bash"_s, {QDir(shared).filePath(u"bench/run-ingest.sh"_s), seconds, connections});
    if (!script.waitForFinished(-1) || script.exitStatus() != QProcess::NormalExit) {
        std::fprintf(stderr, "run-ingest.sh did not finish\n");
        return 1;
    }
    const QString output = QString::fromUtf8(script.readAllStandardOutput());
    std::fputs(qPrintable(output), stdout);

    const auto results = parseResults(output);
    const ReceiverResult ours = results.value(u"ours"_s);
    double bestPeer = 0;
    for (auto it = results.begin(); it != results.end(); ++it) {
        if (it.key() != u"ours")
            bestPeer = std::max(bestPeer, it->rps);
    }
    if (ours.requests < 0 || bestPeer <= 0) {
        std::fprintf(stderr, "no result for our receiver or for any reference receiver\n");
        return 1;
    }

    figure("ingest_ratio_vs_best_peer", ours.rps / bestPeer, "ratio", 2);
    figure("ingest_rps", ours.rps, "requests/s", 0);
    figure("ingest_p99_ms", ours.p99, "ms", 2);

    const qint64 acknowledged = ours.requests - ours.non2xx;
    const qint64 inFlight = connections.toLongLong();
    std::printf("ours: acknowledged=%lld stored=%lld (at most %lld more were in flight at the end)\n",
                acknowledged, ours.stored, inFlight);
    if (ours.stored < acknowledged || ours.stored > acknowledged + inFlight) {
        std::fprintf(stderr, "stored (%lld) does not match acknowledged (%lld)\n", ours.stored,
                     acknowledged);
        return 1;
    }
    return 0;
}
