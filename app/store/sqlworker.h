#pragma once

#include <QMutex>
#include <QSqlDatabase>
#include <QString>
#include <QWaitCondition>

#include <deque>
#include <functional>
#include <memory>

class QThread;

namespace fw::store {

// A thread that owns one SQLite connection and runs posted tasks on it in order. Qt's SQL
// connections may only be used by the thread that opened them.
class SqlWorker final
{
public:
    using Task = std::function<void(QSqlDatabase &db)>;
    using Opener = std::function<QString(QSqlDatabase &db)>;

    explicit SqlWorker(const QString &connectionName);
    ~SqlWorker(); // stop()
    Q_DISABLE_COPY_MOVE(SqlWorker)

    // Starts the thread, adds the connection and runs open on it; blocks until it returned.
    // On an error the thread is stopped again and the sentence returned.
    QString start(const Opener &open);
    // Runs every task posted so far, closes the connection and joins the thread.
    void stop();
    bool isRunning() const;

    // From any thread. False once stopped (the task is dropped).
    bool post(Task task);

private:
    void run(const Opener &open);

    QString m_connectionName;
    std::unique_ptr<QThread> m_thread;
    mutable QMutex m_mutex;
    QWaitCondition m_wake;
    QWaitCondition m_opened;
    std::deque<Task> m_tasks;
    bool m_running = false;
    bool m_stopping = false;
    bool m_openDone = false;
    QString m_openError;
};

} // namespace fw::store
