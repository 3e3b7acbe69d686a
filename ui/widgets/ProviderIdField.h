// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QLineEdit>

/// The id a provider knows the shown person by: shown and copyable, never edited in place (an action
/// targets the person on screen, not whatever was typed). Keyboard focus never lands here on its
/// own, so keystrokes after an action cannot change a target.
class ProviderIdField final : public QLineEdit
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProviderIdField)

public:
    explicit ProviderIdField(QWidget* parent = nullptr);
};
