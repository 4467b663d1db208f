#include "history/historysource.h"

#include <QTimer>

#include <cmath>

namespace fw::history {

namespace {

template<typename Sample>
QList<Sample> between(const QList<Sample> &samples, qint64 fromMs, qint64 toMs)
{
    QList<Sample> result;
    for (const Sample &sample : samples) {
        if (sample.atMs >= fromMs && sample.atMs <= toMs)
            result.append(sample);
    }
    return result;
}

} // namespace

SignalBands::Quality SignalBands::rsrpQuality(double rsrp)
{
    if (std::isnan(rsrp))
        return Quality::Unknown;
    if (rsrp >= RsrpGood)
        return Quality::Good;
    return rsrp >= RsrpFair ? Quality::Fair : Quality::Poor;
}

void MemoryHistorySource::setHistory(const RouterHistory &history)
{
    m_histories.insert(history.routerId, history);
}

void MemoryHistorySource::request(quint64 generation, const HistoryRequest &request)
{
    const RouterHistory &all = m_histories[request.routerId];
    RouterHistory answer;
    answer.routerId = request.routerId;
    const qint64 from = request.from.toMSecsSinceEpoch();
    const qint64 to = request.to.toMSecsSinceEpoch();
    answer.signal = between(all.signal, from, to);
    answer.battery = between(all.battery, from, to);
    answer.states = between(all.states, from, to);

    // Answered from the event loop, as a real source would.
    QTimer::singleShot(0, this, [this, generation, answer] {
        Q_EMIT progress(generation, 1, 1);
        Q_EMIT loaded(generation, answer);
    });
}

} // namespace fw::history
