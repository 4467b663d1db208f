#pragma once

#include <QColor>
#include <QString>

class QApplication;

namespace fw::ui {

// The application's themes. Dark is the default: NOC rooms are dark.
enum class ThemeKind { Dark, Light, HighContrast };

struct ThemeColors
{
    QColor window, base, alternateBase, text, mutedText, highlight, highlightedText, border;
    QColor ok, warning, critical, unknown, accent;
};

class Theme final
{
public:
    static void apply(QApplication &app, ThemeKind kind);
    static ThemeKind current();
    static const ThemeColors &colors();

    static QString name(ThemeKind kind);          // translated, for menus
    static QString key(ThemeKind kind);           // stable, for settings
    static ThemeKind fromKey(const QString &key); // unknown keys fall back to Dark

private:
    static ThemeColors palette(ThemeKind kind);
};

} // namespace fw::ui
