// Store benchmark: pushes of one alert each (the shape shared/bench/gen_pushes.py makes), parsed
// and classified beforehand, appended from several threads as the listener does, committed
// durably in groups. The figure covers append() to the last done() callback.
#include "ncm/alertparser.h"
#include "ncm/catalogue.h"
#include "store/sqliteeventstore.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTextStream>
#include <QThread>

#include <atomic>
#include <ctime>

using namespace Qt::Literals::StringLiterals;

namespace {

// One parsed alert like gen_pushes.py writes: distinct times, 100,000 routers.
fw::store::Event pushEvent(int i)
{
    const QByteArray id = QByteArray::number(1'000'000 + (i * 7919) % 100'000);
    const QByteArray when = fw::ncm::formatTimeMicros(1'793'000'000'000'000 + qint64(i) * 37'000).toUtf8();
    const QByteArray body = R"({"data": [{"type": "connection_state", "detected_at": ")" + when
                            + R"(", "friendly_info": "Router BUS-)" + id + R"( is now offline.", "info": {"state": "offline"},)"
                            + R"( "router": "https://www.cradlepointecm.com/api/v2/routers/)" + id + R"(/",)"
                            + R"( "router_details": {"name": "BUS-)" + id + R"(", "description": "bench fleet",)"
                            + R"( "mac": "00:30:44:00:00:00", "serial_number": "MM)" + id
                            + R"(", "asset_id": "", "custom1": "", "custom2": ""}}]})";
    fw::store::Event event;
    event.alert = fw::ncm::parsePush(body).alerts.value(0);
    event.signatureVerified = true;
    fw::ncm::Catalogue::instance().classify(event);
    return event;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const int total = qEnvironmentVariableIntValue("FW_BENCH_EVENTS") > 0
                          ? qEnvironmentVariableIntValue("FW_BENCH_EVENTS") : 100'000;
    constexpr int Threads = 4;

    QTemporaryDir dir;
    fw::store::SqliteEventStore store;
    if (const QString error = store.open(dir.filePath(u"bench.db"_s)); !error.isEmpty()) {
        QTextStream(stderr) << error << '\n';
        return 1;
    }

    QList<fw::store::Event> events;
    events.reserve(total);
    for (int i = 0; i < total; ++i)
        events.append(pushEvent(i));

    std::atomic<int> done{0};
    std::atomic<int> failed{0};
    QElapsedTimer timer;
    timer.start();
    const std::clock_t cpuStart = std::clock(); // all threads of the process
    QList<QThread *> threads;
    for (int t = 0; t < Threads; ++t) {
        threads.append(QThread::create([&, t] {
            for (int i = t; i < total; i += Threads)
                store.append({events.at(i)}, nullptr, [&](const fw::store::AppendResult &r) {
                    (r.ok ? done : failed)++;
                });
        }));
        threads.last()->start();
    }
    for (QThread *thread : threads) {
        thread->wait();
        delete thread;
    }
    store.flush(600'000);
    const double seconds = timer.nsecsElapsed() / 1e9;
    const double cpuSeconds = double(std::clock() - cpuStart) / CLOCKS_PER_SEC;

    if (done != total || failed != 0) {
        QTextStream(stderr) << "stored " << done << " of " << total << ", failed " << failed << '\n';
        return 1;
    }
    QTextStream out(stdout);
    out << "figure: store_append_events_per_s = " << qRound64(total / seconds) << " events/s\n";
    // On a shared, loaded machine wall time says little: this is the rate per busy CPU second.
    out << "figure: store_append_events_per_cpu_s = " << qRound64(total / cpuSeconds) << " events/s\n";
    return 0;
}
