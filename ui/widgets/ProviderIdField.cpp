// SPDX-License-Identifier: GPL-3.0-or-later
#include "ProviderIdField.h"

ProviderIdField::ProviderIdField(QWidget* parent)
    : QLineEdit(parent)
{
    setReadOnly(true);
    // Selected with the mouse and copied (Ctrl+C, the context menu); Tab passes it by.
    setFocusPolicy(Qt::ClickFocus);
    setFrame(false);
    setPlaceholderText(tr("none"));
    setAccessibleDescription(tr("Read-only; select it to copy the id."));
}
