/** Every sentence tcp-echo says. Facts in {braces} come from this run's events. */
const en = {
  "step.refused": "Connecting before anyone listens: refused",
  "step.handshake": "The server listens; connect() returns after the handshake",
  "step.backlog": "The kernel finishes the handshake before accept()",
  "step.new-socket": "accept() returned a new socket; the listening one keeps listening",
  "step.second-client": "A second client at the same time: same server port, another client port",
  "step.byte-stream": "A byte stream: two sends, and what recv() really got",
  "step.half-close": "shutdown(SHUT_WR): a half-close",
  "step.close": "close(), the FIN exchange and TIME_WAIT",

  "default.message": "hello over tcp",
  "measure.connect": "connect() (3-way handshake)",

  "note.reserved":
    "The server will use port {port} (the kernel named a free one, since --port is 0). Nothing listens on it yet.",
  "note.refused":
    "connect() failed with {code}: the client's kernel sent a SYN to {remote}, and the kernel on the other side, having no listening socket on that port, answered with RST. No program saw the SYN. Python raises ConnectionRefusedError here.",
  "note.newSocket":
    "A socket whose connect() failed is not used again: the client closes it and makes a new one.",
  "note.reuseAddr":
    "SO_REUSEADDR lets a restarted server bind its port again while old connections on that port are still in TIME_WAIT (see the last step).",
  "note.listening":
    "listen({backlog}) turns serverSocket into a listening socket on {address}: from now on its kernel answers SYNs for that port. {backlog} is the backlog: how many finished handshakes may wait for accept(). Linux lets one more than the backlog wait (with listen(1), two connections complete before any accept()), and a full queue refuses nobody there: Linux drops the SYN or the final ACK, the client's kernel sends it again, and connect() takes longer. The slides' 'connection refused when the backlog is full' is what Windows does and what Python's documentation says, not what Linux does.",
  "note.handshake":
    "connect() returned after {ms} ms. In that time the two kernels exchanged SYN, SYN+ACK and ACK, the 3-way handshake; neither program sent or received a byte. The client's kernel chose port {port} for this connection.",
  "note.backlogWaiting":
    "The client's connect() returned at {connectAt} ms, and the server has not called accept() yet: the connection is already complete, set up by the kernels alone. In C or Python it would wait in the listening socket's backlog queue; here Node took it from the kernel's queue at once, and it waits in sockstep's own queue.",
  "note.backlogAccepted":
    "accept() took it off sockstep's queue; it had waited there {queuedMs} ms (any time you spent reading is left out). accept() plays no part in the handshake: it only hands over a connection that is already finished.",
  "note.fourTuple":
    "A TCP connection is named by its 4-tuple: source IP, source port, destination IP, destination port. The client sees local {clientLocal}, remote {clientRemote}; the server's new {sock} sees local {serverLocal}, remote {serverRemote}. The same four values, mirrored.",
  "note.acceptAddr":
    "accept() also returned addr = {addr}, the client's address. The server learns it once, at accept(); after that recv() and send() need no address, unlike UDP's recvfrom() and sendto().",
  "note.stillListening":
    "serverSocket is still at {listen}, listening, with no peer of its own: it only makes connections. This client's bytes go through {sock}, which is why the lecture's server closes connectionSocket after each client and never serverSocket.",
  "note.twoTuples":
    "Two connections are open at once, both to the server's port {serverPort}: {tuple1} on {sock1}, and {tuple2} on {sock2}. Only the client's port differs ({port1} and {port2}), and that is enough: the kernel hands each arriving segment to the socket whose 4-tuple matches.",
  "note.sendNotSendto":
    "The client calls send() with no address: a connected TCP socket already knows its peer. The lecture's client also calls sendto(message, (serverName, serverPort)); on a connected TCP socket Linux ignores that address and other systems refuse it (EISCONN), so send() is the call to use. Likewise the slides' server calls recvfrom(1024).decode(), which fails: recvfrom() returns a (data, address) pair. recv(1024) is right.",
  "note.secondReply":
    'The second client got {bytes} B back: "{reply}". The reply left through {sock} and reached only that client.',
  "note.twoSends":
    "The server is already waiting in recv(1024), as the lecture's server does after accept(). The client now calls send() twice in a row: {first} B, then {second} B.",
  "note.streamOne":
    "This run the server's recv() returned all {bytes} B at once, though the client called send() twice ({sent} B). TCP carries a stream of bytes; it keeps no boundary between one send() and the next.",
  "note.streamMany":
    "This run the bytes came out of {count} recv() calls ({got} B), while the client called send() twice ({sent} B). Where a recv() ends depends on timing and on its buffer size (at most 1024 B here), not on the sends: another run can join them, or split them somewhere else.",
  "note.oneRead":
    "Underneath, Node asked the kernel once: one read() brought all {sizes} B, and what sockstep's recv() returned came from its own buffer after that. The lecture's Python would call recv(1024) on the kernel each time.",
  "note.reads":
    "Underneath, Node called read() {reads} times ({sizes} B), as the bytes arrived; sockstep's recv() handed out what had come. The lecture's Python would call recv(1024) on the kernel each time.",
  "note.streamWhy":
    "So the lecture's single recv(1024) may hold only part of a message. From the bytes alone the server cannot tell where the message ends; here the client tells it by half-closing (next step).",
  "note.halfClose":
    "shutdown(SHUT_WR) sent a FIN: the client will send nothing more, but its socket can still receive.",
  "note.eof":
    "The server's recv() returned 0 bytes: that is how the end of the stream (EOF) looks. Now the server knows the message is complete: {bytes} B in all.",
  "note.stillSends":
    "After EOF the server still sends its reply: a half-closed connection carries data the other way.",
  "note.replyAfterShutdown":
    'The client received {bytes} B, "{reply}", after its own shutdown(): only its sending direction was closed.',
  "note.serverClosesFirst":
    "On the second connection the server closes {sock} first, as the lecture's server does after every reply: its kernel sends FIN and the client's kernel answers ACK. The client's recv() returns 0 bytes, the client closes, and its FIN is answered by the server kernel's ACK. That is two FINs and two ACKs, the textbook's four segments; on the wire there are often only three, when the client's kernel sends its ACK and its FIN together in one segment (a packet capture such as `tcpdump -i lo` shows which). sockstep sees the calls, not the segments.",
  "note.clientFinFirst":
    "On the first connection the client's FIN went first, at shutdown() in the last step. The server's close() of {sock} sends the second FIN; the client's recv() returns 0 and the client closes. Its sending side was closed already, so its close() sends nothing more.",
  "note.timeWaitRule":
    "The side that closed first, meaning the side whose FIN went out first (shutdown(SHUT_WR) counts), ends in TIME_WAIT: its kernel keeps the 4-tuple for a while (60 s on Linux, standing for 2 MSL), to resend the last ACK if it was lost and so that a late segment of this connection cannot land in a new one with the same 4-tuple.",
  "note.ssServer":
    "`ss -tanH state time-wait` lists {tuple} in TIME-WAIT right now, on the server's side ({local}): the server closed that connection first.",
  "note.ssClient":
    "`ss -tanH state time-wait` lists {tuple} in TIME-WAIT right now, on the client's side ({local}): the client's FIN went first on that connection, with shutdown().",
  "note.ssMissing":
    "`ss -tanH state time-wait` did not list {tuple} this time, so this run cannot show which side holds it.",
  "note.ssUnavailable":
    "`ss` could not be run here ({reason}), so this run cannot look TIME_WAIT up. On Linux, `ss -tan state time-wait` right after a connection closes lists it on the side that closed first.",
  "py.notAcceptedYet": "connect() has returned; the server has not called accept() yet",
  "py.clientAddr": "the client's (IP, port)",
  "py.serverSide": "the server's (IP, port) of this connection",
  "py.keepsListening": "serverSocket keeps listening; the loop goes back to accept()",
  "py.secondClient": "a second TCPClient.py",
  "py.closesAfterReply": "the lecture's server closes after its reply",
  "py.serverFin": "the server's FIN",
  "py.finWentFirst": "this client's FIN went first, at shutdown()",
  "note.listenClose":
    "Last, serverSocket closes. It never carried a connection, so it leaves nothing in TIME_WAIT; with SO_REUSEADDR a new server could bind port {port} at once.",

  "note.serveHint":
    "Connect to it: python3 {client} {host} {port} 'hello'  or  sockstep tcp-echo --connect {host}:{port}  or  nc {host} {port}",
  "note.serveRule":
    "For each connection the server reads until a newline, the client's FIN (EOF) or {quiet} ms without more bytes, sends the uppercase reply and closes the connection socket. Connections are served at the same time; listen({backlog}) leaves room for a class connecting at once: the kernel queues up to {queue} finished handshakes for accept() (it caps the backlog at net.core.somaxconn; the lecture's 1 suits one client at a time).",
  "note.serveQuiet":
    "No newline, no FIN, and nothing more for {quiet} ms: the server takes these {bytes} B as the whole message.",
  "note.serveEmpty":
    "The client closed without sending anything; the server closes this connection.",
  "note.serveTooBig": "{bytes} B and still no end: the server answers what it has.",

  "note.connectTarget":
    "The client connects to {target}, sends {bytes} B, half-closes with shutdown(SHUT_WR) so the server knows the message is complete, and reads until the reply or EOF.",
  "note.connectReply": 'The server answered {bytes} B: "{reply}".',
  "note.connectUpper": "That is the uppercase of what was sent.",
  "note.connectNotUpper":
    "That is not the uppercase of what was sent: this server answers in its own way.",
  "note.connectServerClosed":
    "The server closed its side after the reply: recv() returned 0 bytes.",
  "note.connectServerFirst":
    "The server's FIN arrived before the client's shutdown(): the server closed first, so TIME_WAIT stays on the server's machine.",
  "note.connectTimeWait":
    "The client's FIN went first, at shutdown() right after sending, so TIME_WAIT stays on this machine, for {tuple}.",

  "fail.ipv6":
    "{host} is an IPv6 address; this lesson uses IPv4 sockets (AF_INET) as the lecture does. Use an IPv4 address such as 127.0.0.1 or 0.0.0.0.",
  "fail.connect": "{code}: {message}",
  "fail.noReply": "{target} closed the connection without replying",
  "fail.timeout": "no reply from {target} within {seconds} s: is a TCP echo server running there?",
  "fail.portTaken": "something already listens on {address}; pick another --port",
  "fail.emptyMessage": "--message is empty: a TCP send() of 0 bytes sends nothing",
  "fail.noEof": "the server's recv() returned {bytes} B where EOF was expected",
} as const;

type Key = keyof typeof en;

const ko = {
  "step.refused": "아무도 리슨하지 않을 때 연결하면 거부된다",
  "step.handshake": "서버가 리슨하고, connect()는 핸드셰이크가 끝나면 돌아온다",
  "step.backlog": "커널은 accept() 전에 핸드셰이크를 끝낸다",
  "step.new-socket": "accept()는 새 소켓을 돌려주고, 리슨 소켓은 계속 리슨한다",
  "step.second-client": "동시에 두 번째 클라이언트: 서버 포트는 같고 클라이언트 포트는 다르다",
  "step.byte-stream": "바이트 스트림: send 두 번, recv()가 실제로 받은 것",
  "step.half-close": "shutdown(SHUT_WR): 절반 끊기(half-close)",
  "step.close": "close(), FIN 교환과 TIME_WAIT",

  "default.message": "hello over tcp",
  "measure.connect": "connect() (3-way 핸드셰이크)",

  "note.reserved":
    "서버는 포트 {port}을(를) 쓸 것입니다(--port가 0이라서 커널에게 빈 포트를 물어 정했습니다). 아직 그 포트에서 리슨하는 소켓은 없습니다.",
  "note.refused":
    "connect()가 {code}(으)로 실패했습니다. 클라이언트 커널이 {remote}(으)로 SYN을 보냈고, 상대 커널은 그 포트에 리슨 소켓이 없으므로 RST로 답했습니다. 그 SYN을 본 프로그램은 없습니다. 파이썬에서는 여기서 ConnectionRefusedError가 납니다.",
  "note.newSocket":
    "connect()에 실패한 소켓은 다시 쓰지 않습니다. 클라이언트는 그 소켓을 닫고 새 소켓을 만듭니다.",
  "note.reuseAddr":
    "SO_REUSEADDR를 켜 두면, 그 포트의 옛 연결이 아직 TIME_WAIT에 남아 있어도 다시 시작한 서버가 같은 포트에 바인드할 수 있습니다(마지막 단계 참고).",
  "note.listening":
    "listen({backlog})으로 serverSocket은 {address}의 리슨 소켓이 됩니다. 이제부터 커널이 이 포트로 오는 SYN에 응답합니다. {backlog}은(는) 백로그, 곧 핸드셰이크를 마치고 accept()를 기다릴 수 있는 연결의 수입니다. 리눅스는 백로그보다 하나 더 기다리게 하며(listen(1)이면 accept() 전에 연결 두 개가 완성됩니다), 큐가 가득 차도 아무도 거절하지 않습니다. 리눅스는 SYN이나 마지막 ACK를 버리고, 클라이언트 커널이 그것을 다시 보내므로 connect()가 더 오래 걸릴 뿐입니다. 강의 자료의 '백로그가 가득 차면 connection refused'는 윈도우의 동작이자 파이썬 문서의 설명이지, 리눅스의 동작이 아닙니다.",
  "note.handshake":
    "connect()는 {ms} ms 만에 돌아왔습니다. 그동안 두 커널이 SYN, SYN+ACK, ACK를 주고받았습니다(3-way 핸드셰이크). 두 프로그램 모두 한 바이트도 보내거나 받지 않았습니다. 클라이언트 커널은 이 연결에 포트 {port}을(를) 골라 주었습니다.",
  "note.backlogWaiting":
    "클라이언트의 connect()는 {connectAt} ms에 이미 돌아왔는데, 서버는 아직 accept()를 부르지 않았습니다. 연결은 커널끼리 이미 완성했습니다. C나 파이썬이라면 리슨 소켓의 백로그(대기 큐)에서 기다리겠지만, 여기서는 Node가 커널의 큐에서 곧바로 꺼냈고 sockstep의 큐에서 기다립니다.",
  "note.backlogAccepted":
    "accept()가 sockstep의 큐에서 연결을 꺼냈습니다. 연결은 거기서 {queuedMs} ms 기다렸습니다(읽느라 멈춘 시간은 뺐습니다). accept()는 핸드셰이크에 관여하지 않고, 이미 끝난 연결을 넘겨받기만 합니다.",
  "note.fourTuple":
    "TCP 연결은 4-튜플, 곧 출발지 IP, 출발지 포트, 목적지 IP, 목적지 포트로 구별합니다. 클라이언트 쪽에서는 로컬 {clientLocal}, 원격 {clientRemote}이고, 서버의 새 소켓 {sock}에서는 로컬 {serverLocal}, 원격 {serverRemote}입니다. 같은 네 값을 거울처럼 뒤집어 본 것입니다.",
  "note.acceptAddr":
    "accept()는 클라이언트 주소 addr = {addr}도 함께 돌려줍니다. 서버는 이 주소를 accept() 때 한 번 알게 되고, 그 뒤의 recv()와 send()에는 주소가 필요 없습니다. UDP의 recvfrom(), sendto()와 다른 점입니다.",
  "note.stillListening":
    "serverSocket은 여전히 {listen}에서 리슨하고 있으며, 자기 상대는 없습니다. 연결을 만들어 내는 일만 합니다. 이 클라이언트의 바이트는 {sock}(으)로 오갑니다. 그래서 강의의 서버는 클라이언트마다 connectionSocket을 닫고, serverSocket은 닫지 않습니다.",
  "note.twoTuples":
    "두 연결이 동시에 열려 있고, 둘 다 서버 포트 {serverPort}(으)로 향합니다. {sock1}에는 {tuple1}, {sock2}에는 {tuple2}. 다른 것은 클라이언트 포트({port1}, {port2})뿐이지만 그것으로 충분합니다. 커널은 도착한 세그먼트를 4-튜플이 맞는 소켓에 넘겨 줍니다.",
  "note.sendNotSendto":
    "클라이언트는 주소 없이 send()를 부릅니다. 연결된 TCP 소켓은 이미 상대를 압니다. 강의 자료의 클라이언트는 sendto(message, (serverName, serverPort))도 부르는데, 연결된 TCP 소켓에서 리눅스는 그 주소를 무시하고 다른 시스템은 거부(EISCONN)하므로 send()를 써야 합니다. 마찬가지로 강의 자료의 서버는 recvfrom(1024).decode()를 부르지만, recvfrom()은 (데이터, 주소) 쌍을 돌려주므로 실패합니다. recv(1024)가 맞습니다.",
  "note.secondReply":
    '두 번째 클라이언트가 {bytes} B를 돌려받았습니다: "{reply}". 답장은 {sock}(으)로 나가서 그 클라이언트에게만 갔습니다.',
  "note.twoSends":
    "강의의 서버가 accept() 다음에 그러듯, 서버는 이미 recv(1024)에서 기다리고 있습니다. 이제 클라이언트가 send()를 연달아 두 번 부릅니다: {first} B, 이어서 {second} B.",
  "note.streamOne":
    "이번 실행에서는 클라이언트가 send()를 두 번({sent} B) 불렀는데도 서버의 recv()가 {bytes} B를 한 번에 모두 돌려주었습니다. TCP는 바이트 스트림을 나를 뿐, send() 하나하나의 경계를 지키지 않습니다.",
  "note.streamMany":
    "이번 실행에서는 클라이언트가 send()를 두 번({sent} B) 불렀고, 바이트는 recv() {count}번({got} B)에 나뉘어 나왔습니다. recv()가 어디서 끊기는지는 send()가 아니라 타이밍과 버퍼 크기(여기서는 최대 1024 B)가 정합니다. 다른 실행에서는 합쳐지거나 다른 곳에서 나뉠 수 있습니다.",
  "note.oneRead":
    "그 아래에서 Node는 커널에 한 번만 물었습니다. read() 한 번이 {sizes} B를 모두 가져왔고, 그 뒤 sockstep의 recv()가 돌려준 것은 모두 자기 버퍼에서 나왔습니다. 강의의 파이썬은 매번 커널에 recv(1024)를 호출합니다.",
  "note.reads":
    "그 아래에서 Node는 바이트가 도착하는 대로 read()를 {reads}번 호출했습니다({sizes} B). sockstep의 recv()는 도착한 것을 내주었습니다. 강의의 파이썬은 매번 커널에 recv(1024)를 호출합니다.",
  "note.streamWhy":
    "그러니 강의의 recv(1024) 한 번에는 메시지의 일부만 들어 있을 수 있습니다. 서버는 바이트만 보고는 메시지가 어디서 끝나는지 알 수 없습니다. 여기서는 클라이언트가 절반 끊기로 알려 줍니다(다음 단계).",
  "note.halfClose":
    "shutdown(SHUT_WR)은 FIN을 보냈습니다. 클라이언트는 더 보내지 않겠다는 뜻이고, 소켓은 여전히 수신할 수 있습니다.",
  "note.eof":
    "서버의 recv()가 0바이트를 돌려주었습니다. 스트림의 끝(EOF)은 이렇게 보입니다. 이제 서버는 메시지가 다 왔다는 것을 압니다: 모두 {bytes} B.",
  "note.stillSends":
    "EOF 뒤에도 서버는 답장을 보냅니다. 절반 끊긴 연결도 반대 방향으로는 데이터를 나릅니다.",
  "note.replyAfterShutdown":
    '클라이언트는 자기 shutdown() 뒤에도 {bytes} B, "{reply}"을(를) 받았습니다. 닫힌 것은 송신 방향뿐입니다.',
  "note.serverClosesFirst":
    "두 번째 연결에서는 강의의 서버가 답장마다 그러듯 서버가 먼저 {sock}을(를) 닫습니다. 서버 커널이 FIN을 보내고 클라이언트 커널이 ACK로 답합니다. 클라이언트의 recv()가 0바이트를 돌려주고, 클라이언트가 닫으면 그 FIN에 서버 커널이 ACK로 답합니다. FIN 둘과 ACK 둘, 교과서의 네 세그먼트입니다. 다만 클라이언트 커널이 ACK와 FIN을 한 세그먼트에 함께 실어 보내면 실제로는 세 개만 오갑니다(`tcpdump -i lo` 같은 패킷 캡처로 확인할 수 있습니다). sockstep이 보는 것은 시스템 호출이지 세그먼트가 아닙니다.",
  "note.clientFinFirst":
    "첫 번째 연결에서는 클라이언트의 FIN이 먼저 나갔습니다. 앞 단계의 shutdown() 때입니다. 서버가 {sock}을(를) close()하면 두 번째 FIN이 나가고, 클라이언트의 recv()가 0을 돌려준 뒤 클라이언트가 닫습니다. 송신 쪽은 이미 닫혀 있었으므로 이 close()는 더 보내는 것이 없습니다.",
  "note.timeWaitRule":
    "먼저 닫은 쪽, 곧 FIN을 먼저 보낸 쪽(shutdown(SHUT_WR)도 FIN을 보냅니다)이 TIME_WAIT에 남습니다. 그 커널은 4-튜플을 한동안(리눅스에서 60초, 2 MSL에 해당) 붙잡아 둡니다. 마지막 ACK가 손실되면 다시 보내고, 이 연결의 늦은 세그먼트가 같은 4-튜플의 새 연결에 끼어들지 않게 하려는 것입니다.",
  "note.ssServer":
    "`ss -tanH state time-wait`가 지금 {tuple}을(를) TIME-WAIT로 보여 줍니다. 서버 쪽({local})입니다. 그 연결은 서버가 먼저 닫았습니다.",
  "note.ssClient":
    "`ss -tanH state time-wait`가 지금 {tuple}을(를) TIME-WAIT로 보여 줍니다. 클라이언트 쪽({local})입니다. 그 연결에서는 클라이언트가 shutdown()으로 FIN을 먼저 보냈습니다.",
  "note.ssMissing":
    "이번에는 `ss -tanH state time-wait`에 {tuple}이(가) 나오지 않아, 어느 쪽이 붙잡고 있는지 이 실행으로는 보여 줄 수 없습니다.",
  "note.ssUnavailable":
    "여기서는 `ss`를 실행할 수 없어({reason}) TIME_WAIT를 조회하지 못했습니다. 리눅스에서는 연결이 닫힌 직후 `ss -tan state time-wait`를 실행하면 먼저 닫은 쪽에 그 연결이 보입니다.",
  "py.notAcceptedYet": "connect()는 이미 돌아왔고, 서버는 아직 accept()를 부르지 않았다",
  "py.clientAddr": "클라이언트의 (IP, 포트)",
  "py.serverSide": "이 연결의 서버 쪽 (IP, 포트)",
  "py.keepsListening": "serverSocket은 계속 리슨하고, 루프는 다시 accept()로 간다",
  "py.secondClient": "두 번째 TCPClient.py",
  "py.closesAfterReply": "강의의 서버는 답장 뒤에 닫는다",
  "py.serverFin": "서버의 FIN",
  "py.finWentFirst": "이 클라이언트의 FIN은 shutdown() 때 먼저 나갔다",
  "note.listenClose":
    "마지막으로 serverSocket을 닫습니다. 이 소켓은 연결을 나른 적이 없으므로 TIME_WAIT를 남기지 않습니다. SO_REUSEADDR 덕분에 새 서버가 곧바로 포트 {port}에 바인드할 수 있습니다.",

  "note.serveHint":
    "접속해 보세요: python3 {client} {host} {port} 'hello' 또는 sockstep tcp-echo --connect {host}:{port} 또는 nc {host} {port}",
  "note.serveRule":
    "서버는 연결마다 줄바꿈, 클라이언트의 FIN(EOF), 또는 {quiet} ms 동안 바이트가 더 오지 않을 때까지 읽은 뒤, 대문자로 바꾼 답장을 보내고 연결 소켓을 닫습니다. 여러 연결을 동시에 처리하며, listen({backlog})은 한 반이 한꺼번에 접속해도 될 만큼 여유를 둡니다. 커널은 accept()를 기다리는 완료된 핸드셰이크를 {queue}개까지 큐에 둡니다(백로그는 net.core.somaxconn으로 제한되며, 강의의 1은 한 번에 클라이언트 하나일 때 알맞습니다).",
  "note.serveQuiet":
    "줄바꿈도 FIN도 없고 {quiet} ms 동안 더 온 것이 없습니다. 서버는 이 {bytes} B를 메시지 전체로 봅니다.",
  "note.serveEmpty": "클라이언트가 아무것도 보내지 않고 닫았습니다. 서버도 이 연결을 닫습니다.",
  "note.serveTooBig": "{bytes} B가 되도록 끝이 보이지 않습니다. 서버는 받은 만큼 답합니다.",

  "note.connectTarget":
    "클라이언트가 {target}에 연결하고 {bytes} B를 보낸 뒤, shutdown(SHUT_WR)으로 절반 끊기를 해서 메시지가 끝났음을 알리고, 답장이나 EOF가 올 때까지 읽습니다.",
  "note.connectReply": '서버가 {bytes} B로 답했습니다: "{reply}".',
  "note.connectUpper": "보낸 것을 대문자로 바꾼 그대로입니다.",
  "note.connectNotUpper": "보낸 것의 대문자와는 다릅니다. 이 서버는 자기 방식으로 답합니다.",
  "note.connectServerClosed":
    "서버가 답장 뒤에 자기 쪽을 닫았습니다. recv()가 0바이트를 돌려주었습니다.",
  "note.connectServerFirst":
    "클라이언트의 shutdown()보다 서버의 FIN이 먼저 도착했습니다. 서버가 먼저 닫았으므로 TIME_WAIT는 서버 컴퓨터에 남습니다.",
  "note.connectTimeWait":
    "보내자마자 shutdown()을 했으므로 클라이언트의 FIN이 먼저 나갔습니다. 그래서 TIME_WAIT는 이 컴퓨터에 {tuple}(으)로 남습니다.",

  "fail.ipv6":
    "{host}은(는) IPv6 주소입니다. 이 레슨은 강의처럼 IPv4 소켓(AF_INET)을 씁니다. 127.0.0.1이나 0.0.0.0 같은 IPv4 주소를 주세요.",
  "fail.connect": "{code}: {message}",
  "fail.noReply": "{target}이(가) 답하지 않고 연결을 닫았습니다",
  "fail.timeout":
    "{seconds}초 안에 {target}에서 답이 없습니다. 그곳에 TCP 에코 서버가 실행 중인가요?",
  "fail.portTaken": "{address}에서 이미 무언가가 리슨하고 있습니다. --port로 다른 포트를 고르세요",
  "fail.emptyMessage": "--message가 비어 있습니다. 0바이트 send()는 아무것도 보내지 않습니다",
  "fail.noEof": "EOF를 기대했는데 서버의 recv()가 {bytes} B를 돌려주었습니다",
} satisfies Record<Key, string>;

export const text = { en, ko };
