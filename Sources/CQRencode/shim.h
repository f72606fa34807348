// libqrencode (https://fukuchi.org/works/qrencode/), found through pkg-config "libqrencode".
#include <qrencode.h>
