#pragma once

#include "history/samples.h"

#include <QHash>
#include <QObject>

namespace fw::history {

struct HistoryRequest
{
    QString routerId;
    QDateTime from; // UTC
    QDateTime to;   // UTC
};

// Where the router detail gets its history: the lead connects it to the store (state
// history) and the API client (net_device_signal_samples/, batteries/). Asynchronous: each
// request carries a generation the answer repeats, and the view drops answers of older
// generations. Implementations answer on the thread they live in.
class HistorySource : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;
    ~HistorySource() override = default;

    virtual void request(quint64 generation, const fw::history::HistoryRequest &request) = 0;

Q_SIGNALS:
    void progress(quint64 generation, int done, int total);
    void loaded(quint64 generation, const fw::history::RouterHistory &history);
};

// Serves from memory: for the demo, tests and screenshots, and as the place where live
// samples of the current session accumulate.
class MemoryHistorySource final : public HistorySource
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MemoryHistorySource)

public:
    using HistorySource::HistorySource;

    void setHistory(const RouterHistory &history);
    void request(quint64 generation, const fw::history::HistoryRequest &request) override;

private:
    QHash<QString, RouterHistory> m_histories;
};

} // namespace fw::history
