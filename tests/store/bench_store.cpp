// Store benchmark: pushes of one alert each (the shape gen_pushes.py makes), appended from
// several threads as the listener does, committed durably in groups.
#include "storetestutil.h"
#include "store/sqliteeventstore.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTextStream>
#include <QThread>

#include <atomic>

using namespace Qt::Literals::StringLiterals;

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
        events.append(fw::store::test::makeEvent(i, u"connection_state"_s, QString::number(1'000'000 + i % 100'000)));

    std::atomic<int> done{0};
    std::atomic<int> failed{0};
    QElapsedTimer timer;
    timer.start();
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

    if (done != total || failed != 0) {
        QTextStream(stderr) << "stored " << done << " of " << total << ", failed " << failed << '\n';
        return 1;
    }
    QTextStream(stdout) << "figure: store_append_events_per_s = " << qRound64(total / seconds) << " events/s\n";
    return 0;
}
