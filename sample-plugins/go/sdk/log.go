package sdk

import (
	"fmt"
	"runtime"
)

// Log writes msg through proxy_log (the one hostcall allowed even during _initialize).
func Log(level LogLevel, msg string) {
	proxy_log(uint32(level), strPtr(msg), uint32(len(msg)))
	runtime.KeepAlive(msg)
}

func Debugf(format string, args ...any) { Log(LogDebug, fmt.Sprintf(format, args...)) }
func Infof(format string, args ...any)  { Log(LogInfo, fmt.Sprintf(format, args...)) }
func Warnf(format string, args ...any)  { Log(LogWarn, fmt.Sprintf(format, args...)) }
func Errorf(format string, args ...any) { Log(LogError, fmt.Sprintf(format, args...)) }
