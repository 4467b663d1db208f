#pragma once

#include "ingest/webhooklistener.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <cstdio>
#include <memory>

class QCommandLineParser;
class QSocketNotifier;

namespace fw::store {
class SqliteEventStore;
struct Event;
}

namespace fw::ingest {

// `fleetwall --headless`: the webhook listener and the event store without a window, for
// servers and benchmarks. Prints one line per stored event and a rate summary every few
// seconds; SIGTERM or SIGINT finish the commits in flight and end with status 0.
class HeadlessReceiver final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HeadlessReceiver)

public:
    explicit HeadlessReceiver(QObject *parent = nullptr);
    ~HeadlessReceiver() override;

    // The command-line options of headless mode, for the program's parser.
    static void addOptions(QCommandLineParser &parser);

    // Validates the options and reads the files they name. False with one sentence in
    // *error on any problem; nothing is opened yet.
    bool configure(const QCommandLineParser &parser, QString *error);
    // Opens the store, binds the port and starts serving. False with one sentence.
    bool start(QString *error);
    // Stops accepting, answers the commits in flight, closes the store. Idempotent.
    void stop();

    quint16 port() const;
    store::SqliteEventStore *store() const { return m_store.get(); }

Q_SIGNALS:
    void finished(int exitCode);

private:
    bool installSignalHandlers(QString *error);
    void onSignal();
    void printEvents(const QList<store::Event> &events); // on the store's thread
    void printSummary();

    ListenerConfig m_config;
    QString m_databasePath;
    std::unique_ptr<store::SqliteEventStore> m_store;
    std::unique_ptr<WebhookListener> m_listener;
    QTimer m_summaryTimer;
    QElapsedTimer m_sinceSummary;
    quint64 m_storedAtSummary = 0;
    bool m_started = false;
    bool m_stopped = false;
};

// The whole headless program: parses argv, runs until a signal, returns the exit status.
// Called by main() before any QApplication exists.
int runHeadless(int argc, char *argv[]);

} // namespace fw::ingest
