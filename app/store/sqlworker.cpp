#include "store/sqlworker.h"

#include <QThread>

namespace fw::store {

SqlWorker::SqlWorker(const QString &connectionName)
    : m_connectionName(connectionName)
{
}

SqlWorker::~SqlWorker()
{
    stop();
}

QString SqlWorker::start(const Opener &open)
{
    m_thread.reset(QThread::create([this, open] { run(open); }));
    m_thread->setObjectName(m_connectionName);
    m_thread->start();

    QMutexLocker locker(&m_mutex);
    while (!m_openDone)
        m_opened.wait(&m_mutex);
    const QString error = m_openError;
    locker.unlock();

    if (!error.isEmpty())
        stop();
    return error;
}

void SqlWorker::run(const Opener &open)
{
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
        const QString error = open(db);
        QMutexLocker locker(&m_mutex);
        m_openError = error;
        m_running = error.isEmpty();
        m_stopping = !m_running;
        m_openDone = true;
        m_opened.wakeAll();
    }

    for (;;) {
        QMutexLocker locker(&m_mutex);
        while (m_tasks.empty() && !m_stopping)
            m_wake.wait(&m_mutex);
        if (m_tasks.empty())
            break;
        std::deque<Task> tasks;
        tasks.swap(m_tasks);
        locker.unlock();

        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        for (Task &task : tasks)
            task(db);
    }

    QSqlDatabase::database(m_connectionName, false).close();
    QSqlDatabase::removeDatabase(m_connectionName);
}

void SqlWorker::stop()
{
    if (!m_thread)
        return;
    {
        QMutexLocker locker(&m_mutex);
        m_stopping = true;
        m_wake.wakeAll();
    }
    m_thread->wait();
    m_thread.reset();

    QMutexLocker locker(&m_mutex);
    m_running = false;
}

bool SqlWorker::isRunning() const
{
    QMutexLocker locker(&m_mutex);
    return m_running && !m_stopping;
}

bool SqlWorker::post(Task task)
{
    QMutexLocker locker(&m_mutex);
    if (!m_running || m_stopping)
        return false;
    m_tasks.push_back(std::move(task));
    m_wake.wakeOne();
    return true;
}

} // namespace fw::store
