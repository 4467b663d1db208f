#pragma once

#include <QWidget>

class QLabel;

namespace fw::core {
class FeedMonitor;
}

namespace fw::ui {

// The status bar's account of the feed: source and connection, events a second, age of the
// last event, and a warning that cannot be missed when the feed has gone silent.
class FeedStatusWidget final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FeedStatusWidget)

public:
    explicit FeedStatusWidget(core::FeedMonitor *monitor, QWidget *parent = nullptr);

    QString feedText() const;
    QString warningText() const;
    bool isWarningVisible() const;

private:
    void refresh();

    core::FeedMonitor *m_monitor;
    QLabel *m_feed;
    QLabel *m_warning;
};

// "4 s", "3 min", "2 h 5 min", "3 d": the age of something, for operators.
QString formatAge(qint64 seconds);

} // namespace fw::ui
