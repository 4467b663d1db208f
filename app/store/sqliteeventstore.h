#pragma once

#include "store/eventquery.h"
#include "store/eventstore.h"

#include <QDateTime>
#include <QHash>
#include <QMutex>
#include <QPointer>
#include <QSqlDatabase>
#include <QVariant>

#include <atomic>
#include <memory>

namespace fw::store {

class SqlWorker;
struct WriterState;

// The event store on SQLite (WAL, synchronous=NORMAL). A writer thread owns the one writing
// connection and commits every append queued while the previous commit ran in one transaction
// (group commit); a reader thread with its own read-only connection answers queries, so a long
// query never delays an acknowledgement. Nothing is kept in memory beyond the queue.
class SqliteEventStore final : public EventStore
{
    Q_OBJECT

public:
    using QueryDone = std::function<void(const QueryResult &)>;
    using CountDone = std::function<void(qint64 count, const QString &error)>;

    explicit SqliteEventStore(QObject *parent = nullptr);
    ~SqliteEventStore() override; // commits what is queued, then stops both threads
    Q_DISABLE_COPY_MOVE(SqliteEventStore)

    // Creates or opens the database, upgrades its schema and starts the threads; blocks until
    // done. Returns an empty string, or one sentence saying why the store cannot be used.
    QString open(const QString &path);
    // Commits everything queued, then closes the connections. append() after close() fails.
    void close();
    bool isOpen() const;
    QString path() const;

    // From any thread. Events without a dedup key, category or receivedAt get them here.
    void append(QList<Event> events, QObject *context, Done done) override;

    // Blocks until everything appended before the call is committed. False on timeout.
    bool flush(int timeoutMs = 30'000);

    // Asynchronous reads on the reader thread; done runs on context's thread (dropped when
    // context is gone).
    void query(const EventQuery &query, QObject *context, QueryDone done);
    void count(const EventQuery &query, QObject *context, CountDone done);

    // Highest seq committed (0 when empty), and the newest created_at (else detected_at) of any
    // stored alert, for back-fill from alerts/. Both cheap, from any thread.
    qint64 maxSeq() const;
    QDateTime lastAlertTime() const;
    qint64 lastAlertTimeUsec() const;

    // A small key/value table (last sync time, API call counters, learnt alert types). Reads
    // come from a cache; a write is committed by the writer thread in order with appends.
    QVariant meta(const QString &key, const QVariant &defaultValue = {}) const;
    void setMeta(const QString &key, const QVariant &value);

private:
    struct AppendJob
    {
        QList<Event> events;
        QPointer<QObject> context;
        bool hasContext = false;
        Done done;
    };

    QString openWriter(QSqlDatabase &db);
    QString openReader(QSqlDatabase &db);
    QString loadCounters(QSqlDatabase &db);
    QString prepareWriter(QSqlDatabase &db);
    void drain();
    void commitJobs(QList<AppendJob> &jobs);
    QString insertJobs(QList<AppendJob> &jobs, QList<Event> &committed);
    void failJobs(QList<AppendJob> &jobs, const QString &error, QList<Event> &committed);
    void finishJob(AppendJob &job, const AppendResult &result);

    std::unique_ptr<SqlWorker> m_writer;
    std::unique_ptr<WriterState> m_state; // touched only on the writer thread
    QMutex m_pendingMutex;
    QList<AppendJob> m_pending;
    bool m_drainScheduled = false;
    std::unique_ptr<SqlWorker> m_reader;
    QString m_path;
    std::atomic<qint64> m_maxSeq{0};
    std::atomic<qint64> m_lastAlertUsec{0};
    mutable QMutex m_metaMutex;
    QHash<QString, QVariant> m_meta;
};

} // namespace fw::store
