#pragma once

#include <QChartView>

namespace fw::ui {

// A chart view that zooms and pans its horizontal (time) axis: the wheel zooms around the
// cursor, a drag pans, and the keyboard does both (+ and -, Left and Right, 0 resets).
// The vertical axes stay fixed so the signal bands keep their meaning.
class ZoomableChartView final : public QChartView
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ZoomableChartView)

public:
    explicit ZoomableChartView(QChart *chart, QWidget *parent = nullptr);

    void zoomBy(double factor, double anchor = 0.5); // factor < 1 zooms in; anchor 0..1 across the plot
    void panBy(double fraction);                     // of the visible span; positive moves later

Q_SIGNALS:
    void resetRequested();

protected:
    void wheelEvent(QWheelEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    QPointF m_dragFrom;
    bool m_dragging = false;
};

} // namespace fw::ui
