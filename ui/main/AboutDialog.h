// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>

/// Help > About: version, licence and the versions of Qt and OpenSSL in use.
class AboutDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AboutDialog)

public:
    explicit AboutDialog(QWidget* parent = nullptr);
    ~AboutDialog() override;

    /// The text shown (for tests and for copying into a bug report).
    static QString versionText();
};
