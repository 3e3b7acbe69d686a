// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWizard>

class QRadioButton;

/// First start: try the demo (the bundled sandbox) or connect to one's own providers.
class FirstRunWizard final : public QWizard
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FirstRunWizard)

public:
    enum class Choice
    {
        Demo,
        Connect
    };

    explicit FirstRunWizard(QWidget* parent = nullptr);
    Choice choice() const;

private:
    QRadioButton* m_demo;
    QRadioButton* m_connect;
};
