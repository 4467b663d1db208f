#pragma once

#include <QObject>

class QSocketNotifier;

namespace fw::core {

// SIGTERM and SIGINT delivered on the event loop: the handler only writes a byte to a
// socket pair, a QSocketNotifier turns it into received(). One instance per process.
class TerminationSignals final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TerminationSignals)

public:
    explicit TerminationSignals(QObject *parent = nullptr);
    ~TerminationSignals() override;

    // Installs the handlers; false with one sentence when the socket pair cannot be made.
    bool install(QString *error);

Q_SIGNALS:
    void received();

private:
    void drain();

    QSocketNotifier *m_notifier = nullptr;
};

} // namespace fw::core
