#pragma once

#include <QDialog>

namespace fw::ui {

// Lists every action that has a shortcut, built from the actions themselves so the list
// cannot drift from what the keys really do.
class ShortcutsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ShortcutsDialog)

public:
    explicit ShortcutsDialog(const QList<QAction *> &actions, QWidget *parent = nullptr);
};

} // namespace fw::ui
