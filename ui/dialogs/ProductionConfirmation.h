// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <functional>

class QMessageBox;
class QWidget;

/// The last question before anything is submitted on a production profile: it names the
/// environment and the profile, and defaults to Cancel. Window-modal, opened with open().
class ProductionConfirmation final
{
public:
    ProductionConfirmation() = delete;

    /// Shows the question; proceed() runs only if the user confirms. Returns the box (it deletes
    /// itself when closed), for tests.
    static QMessageBox* ask(QWidget* parent, const QString& profileName, const QString& what,
                            std::function<void()> proceed);
};
